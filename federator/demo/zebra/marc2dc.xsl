<?xml version="1.0" encoding="UTF-8"?>
<!--
  MARC21 slim record -> SRU Dublin Core (srw_dc:dc, info:srw/schema/1/dc-v1.1).
  Small, written for the federator tests; loosely follows the LoC MARC->DC
  crosswalk (655 genre/form goes to dc:type, not dc:subject).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    xmlns:srw_dc="info:srw/schema/1/dc-schema"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="m">

  <xsl:output indent="yes" method="xml" version="1.0" encoding="UTF-8"/>

  <!-- Remove ISBD punctuation (" /", " :", " ;", ",", "=", Arabic comma) at the end of a value. -->
  <xsl:template name="chop">
    <xsl:param name="s"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <xsl:variable name="last" select="substring($t, string-length($t))"/>
    <xsl:choose>
      <xsl:when test="string-length($t) &gt; 1 and contains('/:;,=&#x60C;', $last)">
        <xsl:call-template name="chop">
          <xsl:with-param name="s" select="substring($t, 1, string-length($t) - 1)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="joined">
    <xsl:param name="nodes"/>
    <xsl:variable name="s">
      <xsl:for-each select="$nodes">
        <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:value-of select="."/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="chop"><xsl:with-param name="s" select="$s"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="text()"/>

  <xsl:template match="/m:record">
    <xsl:variable name="l6" select="substring(m:leader, 7, 1)"/>
    <xsl:variable name="l7" select="substring(m:leader, 8, 1)"/>
    <srw_dc:dc>
      <xsl:for-each select="m:datafield[@tag='245']">
        <dc:title>
          <xsl:call-template name="joined">
            <xsl:with-param name="nodes" select="m:subfield[@code='a' or @code='b' or @code='n' or @code='p']"/>
          </xsl:call-template>
        </dc:title>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='100' or @tag='110']">
        <dc:creator>
          <xsl:call-template name="joined">
            <xsl:with-param name="nodes" select="m:subfield[@code='a' or @code='b' or @code='c' or @code='q' or @code='d']"/>
          </xsl:call-template>
        </dc:creator>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='700' or @tag='710']">
        <dc:contributor>
          <xsl:call-template name="joined">
            <xsl:with-param name="nodes" select="m:subfield[@code='a' or @code='b' or @code='c' or @code='q' or @code='d']"/>
          </xsl:call-template>
        </dc:contributor>
      </xsl:for-each>
      <dc:type>
        <xsl:choose>
          <xsl:when test="$l6 = 'a' and ($l7 = 's' or $l7 = 'i')">text (periodical)</xsl:when>
          <xsl:when test="$l6 = 'a' or $l6 = 't'">text</xsl:when>
          <xsl:when test="$l6 = 'i'">sound recording (spoken word)</xsl:when>
          <xsl:when test="$l6 = 'j'">sound recording (music)</xsl:when>
          <xsl:when test="$l6 = 'g'">moving image</xsl:when>
          <xsl:when test="$l6 = 'e' or $l6 = 'f'">cartographic</xsl:when>
          <xsl:when test="$l6 = 'c' or $l6 = 'd'">notated music</xsl:when>
          <xsl:when test="$l6 = 'm'">software, multimedia</xsl:when>
          <xsl:otherwise>mixed material</xsl:otherwise>
        </xsl:choose>
      </dc:type>
      <xsl:for-each select="m:datafield[@tag='655']">
        <dc:type><xsl:value-of select="normalize-space(m:subfield[@code='a'])"/></dc:type>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='b']">
        <dc:publisher>
          <xsl:call-template name="chop"><xsl:with-param name="s" select="."/></xsl:call-template>
        </dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='c']">
        <dc:date>
          <xsl:call-template name="chop"><xsl:with-param name="s" select="."/></xsl:call-template>
        </dc:date>
      </xsl:for-each>
      <xsl:choose>
        <xsl:when test="m:datafield[@tag='041']/m:subfield[@code='a']">
          <xsl:for-each select="m:datafield[@tag='041']/m:subfield[@code='a']">
            <dc:language><xsl:value-of select="normalize-space(.)"/></dc:language>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <dc:language><xsl:value-of select="substring(m:controlfield[@tag='008'], 36, 3)"/></dc:language>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="m:datafield[@tag='300']">
        <dc:format>
          <xsl:call-template name="joined">
            <xsl:with-param name="nodes" select="m:subfield[@code='a' or @code='b']"/>
          </xsl:call-template>
        </dc:format>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='500' or @tag='520' or @tag='521']/m:subfield[@code='a']">
        <dc:description><xsl:value-of select="normalize-space(.)"/></dc:description>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='600' or @tag='610' or @tag='650' or @tag='651']">
        <dc:subject>
          <xsl:call-template name="joined">
            <xsl:with-param name="nodes" select="m:subfield[@code='a' or @code='x' or @code='y' or @code='z']"/>
          </xsl:call-template>
        </dc:subject>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']">
        <dc:identifier><xsl:value-of select="concat('ISBN ', normalize-space(.))"/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='022']/m:subfield[@code='a']">
        <dc:identifier><xsl:value-of select="concat('ISSN ', normalize-space(.))"/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='490']/m:subfield[@code='a']">
        <dc:relation>
          <xsl:call-template name="chop"><xsl:with-param name="s" select="."/></xsl:call-template>
        </dc:relation>
      </xsl:for-each>
    </srw_dc:dc>
  </xsl:template>

</xsl:stylesheet>
