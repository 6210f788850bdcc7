<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/stock/{productId} (<STOCK>) ->
  {"productId":11,"unitsInStock":22,"unitsOnOrder":30,"reorderLevel":30,"reorderNeeded":false}
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
        <xsl:for-each select="rc:root(., 'STOCK')">
          <j:map>
            <xsl:sequence select="rc:integer('productId', PRODUCT_ID)"/>
            <xsl:sequence select="rc:integer('unitsInStock', UNITS_IN_STOCK)"/>
            <xsl:sequence select="rc:integer('unitsOnOrder', UNITS_ON_ORDER)"/>
            <xsl:sequence select="rc:integer('reorderLevel', REORDER_LEVEL)"/>
            <xsl:sequence select="rc:flag('reorderNeeded', REORDER_FLAG)"/>
          </j:map>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
