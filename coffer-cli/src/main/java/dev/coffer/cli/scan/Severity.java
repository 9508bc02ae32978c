package dev.coffer.cli.scan;

/** How bad a leaked secret of one kind is; maps onto SARIF levels and GitHub's security-severity score. */
public enum Severity {
    CRITICAL("error", "9.5"),
    HIGH("error", "8.0"),
    MEDIUM("warning", "5.5"),
    LOW("note", "3.0");

    private final String sarifLevel;
    private final String securitySeverity;

    Severity(String sarifLevel, String securitySeverity) {
        this.sarifLevel = sarifLevel;
        this.securitySeverity = securitySeverity;
    }

    /** The SARIF {@code level} of results of this severity. */
    public String sarifLevel() {
        return sarifLevel;
    }

    /** The score GitHub code scanning reads from {@code properties.security-severity}. */
    public String securitySeverity() {
        return securitySeverity;
    }

    /** Lower-case name, as printed in reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
