package org.rnn4j.core.optim;

import java.util.List;
import java.util.function.Function;
import org.rnn4j.core.nn.Parameter;

/**
 * The optimizer configurations the tests run, each paired with its double reference built from
 * the same hyper-parameters: momentum, dampening, Nesterov, L2 and decoupled weight decay,
 * centered RMSprop with and without momentum.
 */
final class Configs {
    record Config(String label, float lr, Function<List<Parameter>, Optimizer> optimizer,
            Function<double[][], Reference> reference) {
        @Override
        public String toString() {
            return label;
        }
    }

    private Configs() {
    }

    static List<Config> all() {
        return List.of(
                sgd("sgd", 0.1f, 0f, 0f, 0f, false),
                sgd("sgd weight decay", 0.1f, 0f, 0f, 0.05f, false),
                sgd("sgd momentum dampening weight decay", 0.05f, 0.9f, 0.2f, 0.01f, false),
                sgd("sgd nesterov weight decay", 0.05f, 0.8f, 0f, 0.01f, true),
                adam("adam", 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false),
                adam("adam weight decay", 0.02f, 0.8f, 0.99f, 1e-6f, 0.1f, false),
                adam("adamw", 0.01f, 0.9f, 0.999f, 1e-8f, 0.05f, true),
                adam("adamw strong decay", 0.1f, 0.5f, 0.9f, 1e-3f, 0.5f, true),
                rms("rmsprop", 0.01f, 0.99f, 1e-8f, 0f, 0f, false),
                rms("rmsprop weight decay momentum", 0.01f, 0.9f, 1e-6f, 0.05f, 0.7f, false),
                rms("rmsprop centered", 0.01f, 0.9f, 1e-8f, 0f, 0f, true),
                rms("rmsprop centered momentum weight decay", 0.005f, 0.95f, 1e-6f, 0.01f, 0.5f, true));
    }

    static Config sgd(String label, float lr, float momentum, float dampening, float weightDecay, boolean nesterov) {
        return new Config(label, lr, ps -> new Sgd(ps, lr, momentum, dampening, weightDecay, nesterov),
                p -> new Reference.Sgd(p, momentum, dampening, weightDecay, nesterov));
    }

    static Config adam(String label, float lr, float beta1, float beta2, float eps, float weightDecay,
            boolean decoupled) {
        return new Config(label, lr,
                ps -> decoupled ? new AdamW(ps, lr, beta1, beta2, eps, weightDecay)
                        : new Adam(ps, lr, beta1, beta2, eps, weightDecay),
                p -> new Reference.Adam(p, beta1, beta2, eps, weightDecay, decoupled));
    }

    static Config rms(String label, float lr, float alpha, float eps, float weightDecay, float momentum,
            boolean centered) {
        return new Config(label, lr, ps -> new RmsProp(ps, lr, alpha, eps, weightDecay, momentum, centered),
                p -> new Reference.RmsProp(p, alpha, eps, weightDecay, momentum, centered));
    }

    /** The learning rate of 0-based step s: lr, then 10% less each step (so setLearningRate is exercised). */
    static float lrAt(Config c, int s) {
        return (float) (c.lr() * Math.pow(0.9, s));
    }
}
