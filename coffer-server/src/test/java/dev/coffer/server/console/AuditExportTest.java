package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditExportTest {

    @Test
    void aCsvCellWithACommaQuoteOrLineBreakIsQuoted() {
        assertThat(AuditEventScreen.cell("plain")).isEqualTo("plain");
        assertThat(AuditEventScreen.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditEventScreen.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditEventScreen.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void aCsvCellThatStartsLikeASpreadsheetFormulaIsNotOne() {
        assertThat(AuditEventScreen.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditEventScreen.cell("+1")).isEqualTo("'+1");
        assertThat(AuditEventScreen.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }
}
