package dev.coffer.cli.scan;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code coffer scan}: finds hard-coded secrets in files and git history. */
@Command(name = "scan", mixinStandardHelpOptions = true, description = "Find hard-coded secrets in a directory or git history.")
public final class ScanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
