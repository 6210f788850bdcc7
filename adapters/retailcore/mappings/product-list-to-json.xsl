<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/products (<PRODUCT_LIST>) -> {"items":[product, ...],"totalCount":77}
  Each item is shaped as by product-to-json.xsl; totalCount counts every match, not just this page.
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
        <j:map>
          <j:array key="items">
            <xsl:apply-templates select="rc:root(., 'PRODUCT_LIST')/PRODUCT" mode="rc:json"/>
          </j:array>
          <xsl:sequence select="rc:integer('totalCount', PRODUCT_LIST/TOTAL_COUNT)"/>
        </j:map>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
