package dev.coffer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code coffer} command line. Each verb is its own class. */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "Coffer CLI 0.1.0",
        description = "Coffer command line: secrets into every process, migration from .env files, leak scanning.",
        subcommands = {dev.coffer.cli.scan.ScanCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
