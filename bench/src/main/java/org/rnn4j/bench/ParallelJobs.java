package org.rnn4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.models.data.gen.DateData;
import org.rnn4j.models.seq2seq.Seq2SeqConfig;
import org.rnn4j.models.seq2seq.Seq2SeqFamily;
import org.rnn4j.models.seq2vec.Batch;
import org.rnn4j.models.seq2vec.Seq2Vec;
import org.rnn4j.models.seq2vec.Seq2VecSpec;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.train.FlatModel;
import org.rnn4j.models.train.ModelTrainable;
import org.rnn4j.models.train.Shardable;
import org.rnn4j.models.train.Trainable;
import org.rnn4j.models.train.Trainer;

/**
 * The two training jobs of {@code rnn4j bench parallel}: the S1 LSTM training step (one LSTM
 * layer 512 → 512 over 64 sequences of 50 steps, with a 2-class head: the rnn suite's S1 shape
 * inside a model) and the date seq2seq job (the demo's model and batch of 64). Both are
 * {@link Shardable}, so the trainer spreads them over the devices a spec names.
 */
final class ParallelJobs {
    private ParallelJobs() {
    }

    /** A job: its trainable, the sequences one step trains on, and what closes it. */
    interface Job extends AutoCloseable {
        Trainable<?> trainable();

        int batch();

        @Override
        void close();
    }

    static Job open(String name) {
        return switch (name) {
            case "S1" -> new S1();
            case "dates" -> dates();
            default -> throw new IllegalArgumentException("unknown job '" + name + "' (allowed: S1, dates)");
        };
    }

    /** Trains {@code steps} steps of {@code job} on {@code devices}; the result says how long and how much memory. */
    static Trainer.Result train(Job job, String devices, int steps) throws Exception {
        return Trainer.builder().epochs(1_000).maxSteps(steps).devices(devices).clipNorm(5f)
                .optimizer(p -> new org.rnn4j.core.optim.Adam(p, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f)).build()
                .fit(job.trainable());
    }

    private static Job dates() {
        Seq2SeqConfig cfg = Seq2SeqConfig.builder().tokenizer(Tokenizer.CHARACTER).embedding(32)
                .encoder(org.rnn4j.core.nn.CellType.LSTM, 64, 1).decoderHidden(128).batchSize(64).seed(42)
                .maxLength(16).build();
        Seq2SeqFamily.Training t = Seq2SeqFamily.fromPairs(cfg, DateData.generate(64 * 40, 7), List.of());
        return new Job() {
            @Override
            public Trainable<?> trainable() {
                return t;
            }

            @Override
            public int batch() {
                return 64;
            }

            @Override
            public void close() {
                t.close();
            }
        };
    }

    /** S1 in a model: 64 random sequences of 50 steps of 512 features, labels by the sign of their mean. */
    private static final class S1 extends ModelTrainable<int[]> implements Shardable<int[]>, Job {
        static final int B = 64;
        static final int T = 50;
        static final int I = 512;
        static final Seq2VecSpec SPEC = Seq2VecSpec.features(I, 512, 2);
        private final FlatModel<Seq2Vec> built;
        private final Seq2Vec model;
        private final float[][][] x = new float[B][T][I];
        private final int[] y = new int[B];

        S1() {
            this(FlatModel.build("S1 parameters", a -> new Seq2Vec(SPEC, a, 1)));
        }

        private S1(FlatModel<Seq2Vec> built) {
            super(built.model().namedParameters(), built.model().parameters());
            this.built = built;
            this.model = built.model();
            SplittableRandom r = new SplittableRandom(3);
            for (int b = 0; b < B; b++) {
                double sum = 0;
                for (float[] step : x[b]) {
                    for (int i = 0; i < I; i++) {
                        step[i] = (float) r.nextGaussian();
                        sum += step[i];
                    }
                }
                y[b] = sum > 0 ? 1 : 0;
            }
        }

        private Var lossOf(Seq2Vec m, Tape tape, int[] batch) {
            float[][][] bx = new float[batch.length][][];
            int[] by = new int[batch.length];
            for (int i = 0; i < batch.length; i++) {
                bx[i] = x[batch[i]];
                by[i] = y[batch[i]];
            }
            return m.loss(tape, Batch.ofFeatures(bx).withLabels(by), true);
        }

        @Override
        public Trainable<?> trainable() {
            return this;
        }

        @Override
        public int batch() {
            return B;
        }

        @Override
        public long batchesPerEpoch() {
            return 1;
        }

        @Override
        public Iterator<int[]> batches(int epoch) {
            int[] all = new int[B];
            Arrays.setAll(all, i -> i);
            return List.of(all).iterator();
        }

        @Override
        public Var loss(Tape tape, int[] batch) {
            return lossOf(model, tape, batch);
        }

        @Override
        public Map<String, Double> validate() {
            return Map.of();
        }

        @Override
        public long unitsPerStep() {
            return B;
        }

        @Override
        public long workspaceBytes() {
            return 64L << 20;
        }

        @Override
        public int size(int[] batch) {
            return batch.length;
        }

        @Override
        public int[] slice(int[] batch, int from, int to) {
            return Arrays.copyOfRange(batch, from, to);
        }

        @Override
        public double weight(int[] shard) {
            return shard.length;
        }

        @Override
        public Replica<int[]> replica(int index) {
            FlatModel<Seq2Vec> fm = FlatModel.build("S1 replica " + index, a -> new Seq2Vec(SPEC, a, 1 + index));
            Seq2Vec m = fm.model();
            return new Replica<>() {
                @Override
                public List<Parameter> parameters() {
                    return m.parameters();
                }

                @Override
                public Var loss(Tape tape, int[] shard) {
                    return lossOf(m, tape, shard);
                }

                @Override
                public void close() {
                    fm.close();
                }
            };
        }

        @Override
        public void close() {
            built.close();
        }
    }

    /** The configurations measured: devices x threads per device. */
    static final List<int[]> CONFIGS = List.of(new int[] {1, 1}, new int[] {1, 2}, new int[] {2, 1});

    /** The device spec of {@code devices} x {@code threads}. */
    static String spec(int devices, int threads) {
        return devices == 1 ? "cpu:" + threads : "cpu:" + devices + "x" + threads;
    }

    static List<String> jobs() {
        return new ArrayList<>(List.of("S1", "dates"));
    }
}
