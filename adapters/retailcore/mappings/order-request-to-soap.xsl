<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical order JSON (POST /api/v1/orders, validated before this mapping) -> RetailCore SOAP 1.1 CreateOrder.
  Input: the JSON text in the parameter $FicusOrderJson (the source document is ignored). Output: the SOAP
  envelope of adapters/retailcore/README.md, "POST /retailcore/soap/OrderEntry".
    "12.50" (money amount)      -> 1250   implied decimal, xs:decimal arithmetic only
    "5.00"  (discountPercent)   -> 500    implied-decimal percent
    "2024-02-15" (requiredDate) -> 20240215
  Absent or null fields are left out, so RetailCore applies its own defaults.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:rc="urn:ficus:retailcore:mapping"
    exclude-result-prefixes="#all">

  <xsl:param name="FicusOrderJson" as="xs:string"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:function name="rc:implied" as="xs:string">
    <xsl:param name="decimal" as="xs:string"/>
    <xsl:sequence select="string(xs:integer(xs:decimal($decimal) * 100))"/>
  </xsl:function>

  <xsl:template name="rc:element">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="value" as="item()?"/>
    <xsl:if test="exists($value)">
      <xsl:element name="{$name}" namespace="urn:retailcore:orderentry">
        <xsl:value-of select="$value"/>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <xsl:template match="/">
    <xsl:variable name="order" select="parse-json($FicusOrderJson)" as="map(*)"/>
    <soap:Envelope>
      <soap:Body>
        <CreateOrder xmlns="urn:retailcore:orderentry">
          <xsl:call-template name="rc:element">
            <xsl:with-param name="name" select="'CUSTOMER_ID'"/>
            <xsl:with-param name="value" select="$order?customerId"/>
          </xsl:call-template>
          <xsl:call-template name="rc:element">
            <xsl:with-param name="name" select="'EMPLOYEE_ID'"/>
            <xsl:with-param name="value" select="$order?employeeId ! xs:integer(.)"/>
          </xsl:call-template>
          <xsl:call-template name="rc:element">
            <xsl:with-param name="name" select="'REQUIRED_DATE'"/>
            <xsl:with-param name="value" select="$order?requiredDate ! translate(., '-', '')"/>
          </xsl:call-template>
          <xsl:call-template name="rc:element">
            <xsl:with-param name="name" select="'SHIP_VIA'"/>
            <xsl:with-param name="value" select="$order?shipVia ! xs:integer(.)"/>
          </xsl:call-template>
          <xsl:call-template name="rc:element">
            <xsl:with-param name="name" select="'FREIGHT'"/>
            <xsl:with-param name="value" select="$order?freight?amount ! rc:implied(.)"/>
          </xsl:call-template>
          <xsl:variable name="ship" select="map{'shipName': 'SHIP_NAME', 'shipAddress': 'SHIP_ADDRESS',
              'shipCity': 'SHIP_CITY', 'shipRegion': 'SHIP_REGION', 'shipPostalCode': 'SHIP_POSTAL_CODE',
              'shipCountry': 'SHIP_COUNTRY'}"/>
          <xsl:for-each select="('shipName', 'shipAddress', 'shipCity', 'shipRegion', 'shipPostalCode', 'shipCountry')">
            <xsl:call-template name="rc:element">
              <xsl:with-param name="name" select="$ship(current())"/>
              <xsl:with-param name="value" select="$order(current())"/>
            </xsl:call-template>
          </xsl:for-each>
          <LINES>
            <xsl:for-each select="array:flatten($order?lines)">
              <LINE>
                <PRODUCT_ID><xsl:value-of select="xs:integer(?productId)"/></PRODUCT_ID>
                <QUANTITY><xsl:value-of select="xs:integer(?quantity)"/></QUANTITY>
                <xsl:call-template name="rc:element">
                  <xsl:with-param name="name" select="'UNIT_PRICE'"/>
                  <xsl:with-param name="value" select="?unitPrice?amount ! rc:implied(.)"/>
                </xsl:call-template>
                <xsl:call-template name="rc:element">
                  <xsl:with-param name="name" select="'DISCOUNT_PCT'"/>
                  <xsl:with-param name="value" select="?discountPercent ! rc:implied(.)"/>
                </xsl:call-template>
              </LINE>
            </xsl:for-each>
          </LINES>
        </CreateOrder>
      </soap:Body>
    </soap:Envelope>
  </xsl:template>

</xsl:stylesheet>
