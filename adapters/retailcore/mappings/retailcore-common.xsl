<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared functions and templates of the RetailCore -> canonical JSON mappings (XSLT 3.0, Saxon-HE).
  Included by every *-to-json.xsl beside it; not a mapping on its own.

  Each mapping builds the XPath 3.1 XML representation of JSON (elements in the namespace
  http://www.w3.org/2005/xpath-functions) and turns it into JSON text with xml-to-json(), so keys come out
  in document order.

  Conventions (adapters/retailcore/README.md, "Canonical JSON"):
    empty or missing legacy element  -> null
    integer element                  -> JSON number
    implied decimal (2 decimals)     -> decimal string with exactly 2 decimals, xs:decimal arithmetic only
    money                            -> {"amount":"21.00","currency":"USD"} (currency from CURRENCY_CODE)
    yyyyMMdd                         -> ISO-8601 "yyyy-MM-dd"
    Y / N                            -> true / false
  A value that breaks its convention raises a dynamic error rc:BAD_VALUE naming the element, and a document
  whose root is not the one a mapping expects (e.g. an <ERROR> body) raises rc:UNEXPECTED_ROOT.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:j="http://www.w3.org/2005/xpath-functions"
    xmlns:rc="urn:ficus:retailcore:mapping"
    exclude-result-prefixes="#all">

  <!-- The document element when it is named $name, else error rc:UNEXPECTED_ROOT. -->
  <xsl:function name="rc:root" as="element()">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="root" select="$doc/*"/>
    <xsl:if test="not(local-name($root) = $name and namespace-uri($root) = '')">
      <xsl:sequence select="error(xs:QName('rc:UNEXPECTED_ROOT'),
          'RetailCore mapping expects &lt;' || $name || '&gt; but the document is &lt;' || name($root) || '&gt;')"/>
    </xsl:if>
    <xsl:sequence select="$root"/>
  </xsl:function>

  <!-- True when the element is missing or holds only whitespace. -->
  <xsl:function name="rc:is-empty" as="xs:boolean">
    <xsl:param name="e" as="element()?"/>
    <xsl:sequence select="empty($e) or normalize-space(string($e)) = ''"/>
  </xsl:function>

  <xsl:function name="rc:bad">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="expected" as="xs:string"/>
    <xsl:sequence select="error(xs:QName('rc:BAD_VALUE'),
        'RetailCore element ' || name($e) || ' must be ' || $expected || ' but is ''' || string($e) || '''')"/>
  </xsl:function>

  <!-- "2100" -> "21.00": an implied decimal (digits only, 2 implied decimals) as a decimal string. -->
  <xsl:function name="rc:implied-decimal" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="digits" select="normalize-space(string($e))"/>
    <xsl:if test="not(matches($digits, '^[0-9]+$'))">
      <xsl:sequence select="rc:bad($e, 'an implied decimal (digits, 2 implied decimals)')"/>
    </xsl:if>
    <xsl:sequence select="format-number(xs:decimal($digits) div 100, '0.00')"/>
  </xsl:function>

  <!-- <j:string key="..."> with the text, or <j:null/> when empty. -->
  <xsl:function name="rc:string" as="element()">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="e" as="element()?"/>
    <xsl:choose>
      <xsl:when test="rc:is-empty($e)"><j:null key="{$key}"/></xsl:when>
      <xsl:otherwise><j:string key="{$key}"><xsl:value-of select="string($e)"/></j:string></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- <j:number key="..."> for a whole number, or <j:null/> when empty. -->
  <xsl:function name="rc:integer" as="element()">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="e" as="element()?"/>
    <xsl:choose>
      <xsl:when test="rc:is-empty($e)"><j:null key="{$key}"/></xsl:when>
      <xsl:when test="not(matches(normalize-space(string($e)), '^-?[0-9]{1,15}$'))">
        <xsl:sequence select="rc:bad($e, 'a whole number')"/>
      </xsl:when>
      <xsl:otherwise><j:number key="{$key}"><xsl:value-of select="xs:integer(normalize-space(string($e)))"/></j:number></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- {"amount":"21.00","currency":"USD"} from an implied-decimal amount and a CURRENCY_CODE, or null. -->
  <xsl:function name="rc:money" as="element()">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="amount" as="element()?"/>
    <xsl:param name="currency" as="element()?"/>
    <xsl:choose>
      <xsl:when test="rc:is-empty($amount)"><j:null key="{$key}"/></xsl:when>
      <xsl:when test="rc:is-empty($currency) or not(matches(string($currency), '^[A-Z]{3}$'))">
        <xsl:sequence select="rc:bad(($currency, $amount)[1], 'an ISO 4217 currency code beside the amount')"/>
      </xsl:when>
      <xsl:otherwise>
        <j:map key="{$key}">
          <j:string key="amount"><xsl:value-of select="rc:implied-decimal($amount)"/></j:string>
          <j:string key="currency"><xsl:value-of select="string($currency)"/></j:string>
        </j:map>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- "1500" -> "15.00": an implied-decimal percentage as a decimal string, or null. -->
  <xsl:function name="rc:percent" as="element()">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="e" as="element()?"/>
    <xsl:choose>
      <xsl:when test="rc:is-empty($e)"><j:null key="{$key}"/></xsl:when>
      <xsl:otherwise><j:string key="{$key}"><xsl:value-of select="rc:implied-decimal($e)"/></j:string></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- "19960704" -> "1996-07-04", or null. -->
  <xsl:function name="rc:date" as="element()">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="v" select="normalize-space(string($e))"/>
    <xsl:variable name="iso" select="replace($v, '^([0-9]{4})([0-9]{2})([0-9]{2})$', '$1-$2-$3')"/>
    <xsl:choose>
      <xsl:when test="rc:is-empty($e)"><j:null key="{$key}"/></xsl:when>
      <xsl:when test="not(matches($v, '^[0-9]{8}$')) or not($iso castable as xs:date)">
        <xsl:sequence select="rc:bad($e, 'a yyyyMMdd date')"/>
      </xsl:when>
      <xsl:otherwise><j:string key="{$key}"><xsl:value-of select="$iso"/></j:string></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Y -> true, N -> false, or null. -->
  <xsl:function name="rc:flag" as="element()">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="e" as="element()?"/>
    <xsl:variable name="v" select="normalize-space(string($e))"/>
    <xsl:choose>
      <xsl:when test="rc:is-empty($e)"><j:null key="{$key}"/></xsl:when>
      <xsl:when test="$v = 'Y'"><j:boolean key="{$key}">true</j:boolean></xsl:when>
      <xsl:when test="$v = 'N'"><j:boolean key="{$key}">false</j:boolean></xsl:when>
      <xsl:otherwise><xsl:sequence select="rc:bad($e, 'Y or N')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- One <PRODUCT> as a JSON object (product-to-json.xsl, product-list-to-json.xsl). -->
  <xsl:template match="PRODUCT" mode="rc:json">
    <j:map>
      <xsl:sequence select="rc:integer('id', PRODUCT_ID)"/>
      <xsl:sequence select="rc:string('name', PRODUCT_NAME)"/>
      <xsl:sequence select="rc:integer('supplierId', SUPPLIER_ID)"/>
      <xsl:sequence select="rc:integer('categoryId', CATEGORY_ID)"/>
      <xsl:sequence select="rc:string('categoryName', CATEGORY_NAME)"/>
      <xsl:sequence select="rc:string('quantityPerUnit', QTY_PER_UNIT)"/>
      <xsl:sequence select="rc:money('unitPrice', UNIT_PRICE, CURRENCY_CODE)"/>
      <xsl:sequence select="rc:integer('unitsInStock', UNITS_IN_STOCK)"/>
      <xsl:sequence select="rc:integer('unitsOnOrder', UNITS_ON_ORDER)"/>
      <xsl:sequence select="rc:integer('reorderLevel', REORDER_LEVEL)"/>
      <xsl:sequence select="rc:flag('discontinued', DISCONTINUED_FLAG)"/>
    </j:map>
  </xsl:template>

  <!-- The header fields of one <ORDER> (order-to-json.xsl adds "lines"; order-list-to-json.xsl does not). -->
  <xsl:template match="ORDER" mode="rc:order-header">
    <xsl:sequence select="rc:integer('id', ORDER_ID)"/>
    <xsl:sequence select="rc:string('customerId', CUSTOMER_ID)"/>
    <xsl:sequence select="rc:integer('employeeId', EMPLOYEE_ID)"/>
    <xsl:sequence select="rc:date('orderDate', ORDER_DATE)"/>
    <xsl:sequence select="rc:date('requiredDate', REQUIRED_DATE)"/>
    <xsl:sequence select="rc:date('shippedDate', SHIPPED_DATE)"/>
    <xsl:sequence select="rc:integer('shipVia', SHIP_VIA)"/>
    <xsl:sequence select="rc:money('freight', FREIGHT, CURRENCY_CODE)"/>
    <xsl:sequence select="rc:string('shipName', SHIP_NAME)"/>
    <xsl:sequence select="rc:string('shipAddress', SHIP_ADDRESS)"/>
    <xsl:sequence select="rc:string('shipCity', SHIP_CITY)"/>
    <xsl:sequence select="rc:string('shipRegion', SHIP_REGION)"/>
    <xsl:sequence select="rc:string('shipPostalCode', SHIP_POSTAL_CODE)"/>
    <xsl:sequence select="rc:string('shipCountry', SHIP_COUNTRY)"/>
  </xsl:template>

  <!-- Serialises the JSON XML built by $json as JSON text. -->
  <xsl:template name="rc:emit">
    <xsl:param name="json" as="element()"/>
    <xsl:value-of select="xml-to-json($json)"/>
  </xsl:template>

</xsl:stylesheet>
