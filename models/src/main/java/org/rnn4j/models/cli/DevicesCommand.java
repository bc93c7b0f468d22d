package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;
import java.io.PrintStream;
import java.util.List;
import org.rnn4j.core.device.CpuInfo;

/** {@code rnn4j devices}: what the trainer can use. */
final class DevicesCommand implements Command {

    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "list the devices the trainer can use";
    }

    @Override
    public String help() {
        return """
                Usage: rnn4j devices

                Lists what the trainer can use: the CPU (cores, SIMD width) and the CUDA backend's
                state. Until the CUDA backend is installed it says so in one line.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("devices takes no arguments, got: " + String.join(" ", args));
        }
        out.println(CpuInfo.detect().describe());
        out.println("CUDA: backend not installed");
        return Main.OK;
    }
}
