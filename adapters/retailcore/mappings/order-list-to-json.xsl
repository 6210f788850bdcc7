<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/customers/{id}/orders (<ORDER_LIST>, newest first) ->
  {"items":[order header, ...],"totalCount":6}
  Each item has the fields of order-to-json.xsl without "lines".
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
            <xsl:for-each select="rc:root(., 'ORDER_LIST')/ORDER">
              <j:map>
                <xsl:apply-templates select="." mode="rc:order-header"/>
              </j:map>
            </xsl:for-each>
          </j:array>
          <xsl:sequence select="rc:integer('totalCount', ORDER_LIST/TOTAL_COUNT)"/>
        </j:map>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
