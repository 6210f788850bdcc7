<?xml version="1.0" encoding="UTF-8"?>
<!--
  Canonical POS event (CloudEvents 1.0 JSON, type retail.pos.sale-completed or retail.pos.return-completed, as
  published by POS ingest) -> RetailCore SOAP 1.1 PostSale. Input: the event JSON text in the parameter
  $FicusSaleJson (the source document is ignored). Output: the SOAP envelope of adapters/retailcore/README.md,
  "POST /retailcore/soap/PosPosting".
    data.storeId / workstationId / sequenceNumber  -> STORE_ID / REGISTER_ID / TXN_SEQ (a transaction identified by
                                                      its TransactionID: REGISTER_ID "-", TXN_SEQ = data.transactionId)
    subject (the idempotency key)                  -> TXN_KEY
    data.businessDay "2024-03-01"                  -> BUSINESS_DATE 20240301
    type                                           -> TXN_TYPE SALE | RETURN
    money {"amount":"-9.90","currency":"EUR"}      -> 990, implied decimal of the magnitude (xs:decimal only);
                                                      the direction is TXN_TYPE (sale lines S, return lines R)
    data.totalsCheck.balanced                      -> BALANCED_FLAG Y | N (flagged, never corrected)
  A missing data.totals.total gives an empty TOTAL_AMT. Voided lines are not posted.
  Errors: rc:BAD_VALUE for an event of another type, a missing id or an amount with more than 2 decimals.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:rc="urn:ficus:retailcore:mapping"
    exclude-result-prefixes="#all">

  <xsl:param name="FicusSaleJson" as="xs:string"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- "-12.34" -> "1234": the magnitude in cents; more than 2 decimals is an error, never rounded -->
  <xsl:function name="rc:implied" as="xs:string">
    <xsl:param name="money" as="item()?"/>
    <xsl:variable name="cents" select="abs(xs:decimal($money?amount)) * 100"/>
    <xsl:if test="$cents ne floor($cents)">
      <xsl:sequence select="error(xs:QName('rc:BAD_VALUE'), 'amount ' || $money?amount || ' has more than 2 decimals')"/>
    </xsl:if>
    <xsl:sequence select="string(xs:integer($cents))"/>
  </xsl:function>

  <xsl:function name="rc:required" as="xs:string">
    <xsl:param name="value" as="item()?"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:if test="empty($value) or string($value) eq ''">
      <xsl:sequence select="error(xs:QName('rc:BAD_VALUE'), 'the event has no ' || $name)"/>
    </xsl:if>
    <xsl:sequence select="string($value)"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="event" select="parse-json($FicusSaleJson)" as="map(*)"/>
    <xsl:variable name="data" select="$event?data" as="map(*)"/>
    <xsl:variable name="totals" select="$data?totals" as="map(*)"/>
    <xsl:variable name="type" as="xs:string">
      <xsl:choose>
        <xsl:when test="$event?type eq 'retail.pos.sale-completed'">SALE</xsl:when>
        <xsl:when test="$event?type eq 'retail.pos.return-completed'">RETURN</xsl:when>
        <xsl:otherwise>
          <xsl:sequence select="error(xs:QName('rc:BAD_VALUE'), 'event type ' || $event?type || ' is not posted')"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <soap:Envelope>
      <soap:Body>
        <PostSale xmlns="urn:retailcore:posposting">
          <TXN_KEY><xsl:value-of select="rc:required($event?subject, 'subject')"/></TXN_KEY>
          <STORE_ID><xsl:value-of select="rc:required($data?storeId, 'data.storeId')"/></STORE_ID>
          <REGISTER_ID><xsl:value-of select="rc:required(($data?workstationId, '-')[1], 'data.workstationId')"/></REGISTER_ID>
          <TXN_SEQ><xsl:value-of select="rc:required(($data?sequenceNumber, $data?transactionId)[1], 'data.sequenceNumber')"/></TXN_SEQ>
          <BUSINESS_DATE>
            <xsl:value-of select="format-date(xs:date(rc:required($data?businessDay, 'data.businessDay')), '[Y0001][M01][D01]')"/>
          </BUSINESS_DATE>
          <TXN_TYPE><xsl:value-of select="$type"/></TXN_TYPE>
          <CURRENCY_CODE><xsl:value-of select="rc:required($data?currency, 'data.currency')"/></CURRENCY_CODE>
          <GROSS_AMT><xsl:value-of select="rc:implied($totals?lines)"/></GROSS_AMT>
          <DISCOUNT_AMT><xsl:value-of select="rc:implied($totals?discounts)"/></DISCOUNT_AMT>
          <TAX_AMT><xsl:value-of select="rc:implied($totals?tax)"/></TAX_AMT>
          <TOTAL_AMT><xsl:value-of select="$totals?total ! rc:implied(.)"/></TOTAL_AMT>
          <TENDERED_AMT><xsl:value-of select="rc:implied($totals?tendered)"/></TENDERED_AMT>
          <CHANGE_AMT><xsl:value-of select="rc:implied($totals?change)"/></CHANGE_AMT>
          <BALANCED_FLAG><xsl:value-of select="if ($data?totalsCheck?balanced) then 'Y' else 'N'"/></BALANCED_FLAG>
          <LINES>
            <xsl:for-each select="array:flatten($data?lines)">
              <LINE>
                <LINE_NO><xsl:value-of select="position()"/></LINE_NO>
                <LINE_TYPE><xsl:value-of select="if (?kind eq 'return') then 'R' else 'S'"/></LINE_TYPE>
                <ITEM_ID><xsl:value-of select="(?itemId, ?posItemId)[1]"/></ITEM_ID>
                <DESCRIPTION><xsl:value-of select="?description ! substring(., 1, 200)"/></DESCRIPTION>
                <AMOUNT><xsl:value-of select="rc:implied(?extendedAmount)"/></AMOUNT>
              </LINE>
            </xsl:for-each>
          </LINES>
        </PostSale>
      </soap:Body>
    </soap:Envelope>
  </xsl:template>

</xsl:stylesheet>
