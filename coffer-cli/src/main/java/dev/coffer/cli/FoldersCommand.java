package dev.coffer.cli;

import dev.coffer.sdk.Folder;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer folders list|create|delete}. */
@Command(
        name = "folders",
        description = "List, create and delete folders.",
        subcommands = {FoldersCommand.ListFolders.class, FoldersCommand.Create.class, FoldersCommand.Delete.class})
public final class FoldersCommand implements Runnable {
    @Mixin
    HelpOption help;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "list", description = "List folders under --path.")
    static final class ListFolders implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Option(names = "--recursive", description = "All folders below, with their paths.")
        boolean recursive;

        @Override
        public Integer call() throws java.io.IOException {
            List<Folder> folders =
                    connection.use((r, c) -> c.listFolders(Connection.scope(r).withRecursive(recursive)));
            for (Folder f : folders) System.out.println(f.path() != null ? f.path() : f.name());
            return 0;
        }
    }

    @Command(name = "create", description = "Create folder NAME under --path (missing parents are created).")
    static final class Create implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws java.io.IOException {
            return connection.use((r, c) -> {
                Folder f = c.createFolder(Connection.scope(r), name);
                Console.info("created folder " + (f.path() != null ? f.path() : name) + " in " + r.environment());
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete folder NAME under --path, with every secret and folder in it.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        Connection connection;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws java.io.IOException {
            return connection.use((r, c) -> {
                c.deleteFolder(Connection.scope(r), name);
                Console.info("deleted folder " + name + " under " + r.environment() + ":" + r.path());
                return 0;
            });
        }
    }
}
