<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/products (<PRODUCT_LIST>) -> {"items":[product, ...],"totalCount":77,"page":0,"size":20}
  Each item is shaped as by product-to-json.xsl; totalCount counts every match, not just this page. page and size
  come from the optional parameters $FicusPage and $FicusSize (the request's paging) and are left out when absent.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:j="http://www.w3.org/2005/xpath-functions"
    xmlns:rc="urn:ficus:retailcore:mapping"
    exclude-result-prefixes="#all">

  <xsl:include href="retailcore-common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:param name="FicusPage" as="xs:integer?" select="()"/>
  <xsl:param name="FicusSize" as="xs:integer?" select="()"/>

  <xsl:template match="/">
    <xsl:call-template name="rc:emit">
      <xsl:with-param name="json" as="element()">
        <j:map>
          <j:array key="items">
            <xsl:apply-templates select="rc:root(., 'PRODUCT_LIST')/PRODUCT" mode="rc:json"/>
          </j:array>
          <xsl:sequence select="rc:integer('totalCount', PRODUCT_LIST/TOTAL_COUNT)"/>
          <xsl:if test="exists($FicusPage)"><j:number key="page"><xsl:value-of select="$FicusPage"/></j:number></xsl:if>
          <xsl:if test="exists($FicusSize)"><j:number key="size"><xsl:value-of select="$FicusSize"/></j:number></xsl:if>
        </j:map>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
