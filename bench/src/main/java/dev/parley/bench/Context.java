package dev.parley.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;

/** What every scenario gets: the server under load, REST access, the options and where to print progress. */
record Context(Server server, Api api, HttpClient http, Options options, PrintStream out, Path resultsDir) {

    /** CPU seconds the load generator itself has used so far (it shares the machine with the server). */
    static double benchCpu() {
        return ProcStats.cpuSeconds(ProcessHandle.current().pid());
    }

    void progress(String what) {
        out.println("[bench] " + what);
        out.flush();
    }
}
