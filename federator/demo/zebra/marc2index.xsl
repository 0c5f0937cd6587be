<?xml version="1.0" encoding="UTF-8"?>
<!--
  MARC21 slim record -> Zebra DOM indexing format (z:record / z:index).

  Index names (Zebra string use attributes) and the register types used:
    id:0                 001 (exact key)
    title:w title:p      245 $a$b$n$p, 240 $a, 246 $a
    title:s              245 $a$b without leading article (ind2 non-filing)
    author:w author:p    100/110/700/710 $a$b$c$q
    author:s creator:s   first 100/110 $a
    subject:w subject:p  600/610/650/651/655 $a$x$y$z
    isbn:w               020 $a, both as catalogued and normalised
                         (qualifier dropped, hyphens/spaces removed)
    issn:w               022 $a, as catalogued and without hyphen
    year:w year:n        008/07-10
    year:s date:s        008/07-10 (sort registers: YAZ turns CQL "sortby dc.date"
                         into Zebra sort index "date", i.e. the name without prefix)
    publisher:w          264/260 $b
    language:w           008/35-37 and 041 $a
    series:w             490 $a
    any:w                every subfield of every datafield except 336-338,
                         852 and 9XX (holdings and local fields), skipping
                         numeric subfields ($2 thesaurus code etc.), plus 001
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:z="http://indexdata.com/zebra-2.0"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    exclude-result-prefixes="m">

  <xsl:output indent="yes" method="xml" version="1.0" encoding="UTF-8"/>

  <xsl:template match="text()"/>

  <xsl:template match="/m:record">
    <xsl:variable name="c008" select="m:controlfield[@tag='008']"/>
    <xsl:variable name="year" select="substring($c008, 8, 4)"/>
    <z:record z:id="{normalize-space(m:controlfield[@tag='001'])}" z:type="update">

      <z:index name="id:0 any:w">
        <xsl:value-of select="normalize-space(m:controlfield[@tag='001'])"/>
      </z:index>

      <!-- Title -->
      <xsl:for-each select="m:datafield[@tag='245']">
        <z:index name="title:w title:p">
          <xsl:for-each select="m:subfield[@code='a' or @code='b' or @code='n' or @code='p']">
            <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </z:index>
        <xsl:variable name="skip">
          <xsl:choose>
            <xsl:when test="number(@ind2) &gt; 0"><xsl:value-of select="number(@ind2)"/></xsl:when>
            <xsl:otherwise>0</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <z:index name="title:s">
          <xsl:value-of select="substring(concat(m:subfield[@code='a'], ' ', m:subfield[@code='b']), $skip + 1)"/>
        </z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='240' or @tag='246']/m:subfield[@code='a']">
        <z:index name="title:w title:p"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <!-- Author -->
      <xsl:for-each select="m:datafield[@tag='100' or @tag='110' or @tag='700' or @tag='710']">
        <z:index name="author:w author:p">
          <xsl:for-each select="m:subfield[@code='a' or @code='b' or @code='c' or @code='q']">
            <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </z:index>
      </xsl:for-each>
      <xsl:for-each select="(m:datafield[@tag='100' or @tag='110'])[1]/m:subfield[@code='a']">
        <z:index name="author:s creator:s"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <!-- Subject (topical, geographic, genre/form) -->
      <xsl:for-each select="m:datafield[@tag='600' or @tag='610' or @tag='650' or @tag='651' or @tag='655']">
        <z:index name="subject:w subject:p">
          <xsl:for-each select="m:subfield[@code='a' or @code='x' or @code='y' or @code='z']">
            <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </z:index>
      </xsl:for-each>

      <!-- ISBN: 020 $a only ($z = cancelled/invalid is not searchable as isbn) -->
      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']">
        <xsl:variable name="raw" select="normalize-space(.)"/>
        <xsl:variable name="first">
          <xsl:choose>
            <xsl:when test="contains($raw, ' ')"><xsl:value-of select="substring-before($raw, ' ')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$raw"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <z:index name="isbn:w"><xsl:value-of select="$first"/></z:index>
        <z:index name="isbn:w"><xsl:value-of select="translate($first, '-', '')"/></z:index>
      </xsl:for-each>

      <!-- ISSN -->
      <xsl:for-each select="m:datafield[@tag='022']/m:subfield[@code='a']">
        <z:index name="issn:w"><xsl:value-of select="normalize-space(.)"/></z:index>
        <z:index name="issn:w"><xsl:value-of select="translate(normalize-space(.), '-', '')"/></z:index>
      </xsl:for-each>

      <!-- Year: 008/07-10 (Date 1) -->
      <xsl:if test="string-length(translate($year, '0123456789', '')) = 0 and string-length($year) = 4">
        <z:index name="year:w year:n year:s date:s"><xsl:value-of select="$year"/></z:index>
      </xsl:if>

      <!-- Publisher -->
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='b']">
        <z:index name="publisher:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <!-- Language -->
      <xsl:if test="normalize-space(substring($c008, 36, 3)) != ''">
        <z:index name="language:w"><xsl:value-of select="substring($c008, 36, 3)"/></z:index>
      </xsl:if>
      <xsl:for-each select="m:datafield[@tag='041']/m:subfield[@code='a']">
        <z:index name="language:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <!-- Series -->
      <xsl:for-each select="m:datafield[@tag='490' or @tag='830']/m:subfield[@code='a']">
        <z:index name="series:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <!-- Everything (cql.serverChoice / any) -->
      <xsl:for-each select="m:datafield[not(@tag='336' or @tag='337' or @tag='338' or @tag='852' or starts-with(@tag, '9'))]/m:subfield[not(contains('0123456789', @code))]">
        <z:index name="any:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
    </z:record>
  </xsl:template>

</xsl:stylesheet>
