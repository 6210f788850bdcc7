<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/orders/{id} (<ORDER> with <LINES>) ->
  {"id":10248,"customerId":"VINET","employeeId":5,"orderDate":"1996-07-04","requiredDate":"1996-08-01",
   "shippedDate":"1996-07-16","shipVia":3,"freight":{"amount":"32.38","currency":"USD"},
   "shipName":"Vins et alcools Chevalier","shipAddress":"59 rue de l'Abbaye","shipCity":"Reims","shipRegion":null,
   "shipPostalCode":"51100","shipCountry":"France",
   "lines":[{"productId":11,"unitPrice":{"amount":"14.00","currency":"USD"},"quantity":12,"discountPercent":"0.00"},...]}
  Line prices are in the order's CURRENCY_CODE; discountPercent is a percentage (DISCOUNT_PCT 1500 -> "15.00").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:j="http://www.w3.org/2005/xpath-functions"
    xmlns:rc="urn:ficus:retailcore:mapping"
    exclude-result-prefixes="#all">

  <xsl:include href="retailcore-common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:call-template name="rc:emit">
      <xsl:with-param name="json" as="element()">
        <xsl:for-each select="rc:root(., 'ORDER')">
          <j:map>
            <xsl:apply-templates select="." mode="rc:order-header"/>
            <j:array key="lines">
              <xsl:variable name="currency" select="CURRENCY_CODE"/>
              <xsl:for-each select="LINES/LINE">
                <j:map>
                  <xsl:sequence select="rc:integer('productId', PRODUCT_ID)"/>
                  <xsl:sequence select="rc:money('unitPrice', UNIT_PRICE, $currency)"/>
                  <xsl:sequence select="rc:integer('quantity', QUANTITY)"/>
                  <xsl:sequence select="rc:percent('discountPercent', DISCOUNT_PCT)"/>
                </j:map>
              </xsl:for-each>
            </j:array>
          </j:map>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
