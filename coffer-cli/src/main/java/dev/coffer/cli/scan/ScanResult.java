package dev.coffer.cli.scan;

import java.util.List;

/**
 * What a scan produced.
 *
 * @param mode           what was scanned
 * @param findings       the findings, in report order
 * @param filesScanned   files read (directory scan) or file changes read (git scans)
 * @param commitsScanned commits read ({@code --git} only)
 * @param problems       files that could not be read; a scan with problems is not "clean"
 */
public record ScanResult(
        Mode mode, List<Finding> findings, int filesScanned, int commitsScanned, List<String> problems) {

    /** What a scan looked at. */
    public enum Mode {
        DIRECTORY,
        GIT_HISTORY,
        STAGED
    }

    public ScanResult {
        findings = List.copyOf(findings);
        problems = List.copyOf(problems);
    }
}
