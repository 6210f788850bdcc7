<?xml version="1.0" encoding="UTF-8"?>
<!--
  RetailCore GET /retailcore/customers/{id} (<CUSTOMER>) ->
  {"id":"ALFKI","companyName":"Alfreds Futterkiste","contactName":"Maria Anders",
   "contactTitle":"Sales Representative","address":"Obere Str. 57","city":"Berlin","region":null,
   "postalCode":"12209","country":"Germany","phone":"030-0074321","fax":"030-0076545"}
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
        <xsl:for-each select="rc:root(., 'CUSTOMER')">
          <j:map>
            <xsl:sequence select="rc:string('id', CUSTOMER_ID)"/>
            <xsl:sequence select="rc:string('companyName', COMPANY_NAME)"/>
            <xsl:sequence select="rc:string('contactName', CONTACT_NAME)"/>
            <xsl:sequence select="rc:string('contactTitle', CONTACT_TITLE)"/>
            <xsl:sequence select="rc:string('address', ADDRESS)"/>
            <xsl:sequence select="rc:string('city', CITY)"/>
            <xsl:sequence select="rc:string('region', REGION)"/>
            <xsl:sequence select="rc:string('postalCode', POSTAL_CODE)"/>
            <xsl:sequence select="rc:string('country', COUNTRY)"/>
            <xsl:sequence select="rc:string('phone', PHONE)"/>
            <xsl:sequence select="rc:string('fax', FAX)"/>
          </j:map>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
