<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/products/{id} (<PRODUCT>) -> canonical product JSON:
  {"id":11,"name":"Queso Cabrales","supplierId":5,"categoryId":4,"categoryName":"Dairy Products",
   "quantityPerUnit":"1 kg pkg.","unitPrice":{"amount":"21.00","currency":"USD"},"unitsInStock":22,
   "unitsOnOrder":30,"reorderLevel":30,"discontinued":false}
  Input must be a <PRODUCT> document; an <ERROR> body raises rc:UNEXPECTED_ROOT (the route checks the status first).
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
        <xsl:apply-templates select="rc:root(., 'PRODUCT')" mode="rc:json"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
