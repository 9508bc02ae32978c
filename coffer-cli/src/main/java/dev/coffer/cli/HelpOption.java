package dev.coffer.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for every verb. Only the top-level {@code coffer} command has {@code --version}:
 * a verb's {@code --version} would swallow an option of the verb's own (such as {@code secrets get
 * --version N}).
 */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
