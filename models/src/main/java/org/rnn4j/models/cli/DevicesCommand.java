package org.rnn4j.models.cli;

import org.rnn4j.models.family.UsageException;
import java.io.PrintStream;
import java.util.List;

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

                Lists what the trainer can use, one line a kind: the CPU (cores, SIMD width), then
                each device provider found on the module path (the CUDA one comes in the
                rnn4j-bindings jar) with its devices or, in one line, why it has none.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("devices takes no arguments, got: " + String.join(" ", args));
        }
        org.rnn4j.core.device.DeviceManager.describe().forEach(out::println);
        return Main.OK;
    }
}
