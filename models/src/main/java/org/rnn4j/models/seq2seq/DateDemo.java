package org.rnn4j.models.seq2seq;

import org.rnn4j.core.nn.Parameter;
import org.rnn4j.models.train.FlatModel;
import org.rnn4j.models.train.RowPairs;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import org.rnn4j.models.train.TrainListener;
import org.rnn4j.models.train.ModelTrainable;
import org.rnn4j.models.train.Trainable;
import org.rnn4j.models.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.rnn4j.core.autograd.Tape;
import org.rnn4j.core.autograd.Var;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.optim.Adam;
import org.rnn4j.core.optim.CosineDecay;
import org.rnn4j.core.optim.Warmup;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.data.gen.DateData;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.Progress;

/**
 * The embedded default: train a character-level encoder–decoder with attention to rewrite dates
 * in many formats as ISO 8601, on generated data (seeded), then measure exact match on held-out
 * dates. Everything the demo command prints comes from here.
 */
public final class DateDemo implements AutoCloseable {
    /** Knobs of a demo run; {@link #defaults()} is what {@code rnn4j demo} uses. */
    public record Settings(long seed, int batch, int maxSteps, double maxSeconds, float lr, int heldOut,
                           int embedding, int encoderHidden, int decoderHidden) {
        public static Settings defaults() {
            return new Settings(42, 64, 3000, 40.0, 4e-3f, 1000, 32, 64, 128);
        }

        public Settings withSteps(int steps, double seconds) {
            return new Settings(seed, batch, steps, seconds, lr, heldOut, embedding, encoderHidden, decoderHidden);
        }

        public Settings withHeldOut(int n) {
            return new Settings(seed, batch, maxSteps, maxSeconds, lr, n, embedding, encoderHidden, decoderHidden);
        }

        public Settings withSizes(int emb, int enc, int dec) {
            return new Settings(seed, batch, maxSteps, maxSeconds, lr, heldOut, emb, enc, dec);
        }
    }

    /** The result of a run. */
    public record Result(int steps, double trainSeconds, float lastLoss, double exactMatch, int heldOut,
                         List<String[]> samples) {
    }

    private final Settings settings;
    private final Vocab srcVocab;
    private final Vocab tgtVocab;
    private final NativeAllocator params;
    private final Workspace ws = new Workspace("demo step", 8 << 20);
    private final Seq2Seq model;
    private String devices;

    public DateDemo(Settings settings) {
        this.settings = settings;
        this.srcVocab = Vocab.ofCharacters(DateData.alphabetSamples());
        this.tgtVocab = Vocab.ofCharacters(List.of("0123456789-"));
        Seq2SeqSpec spec = Seq2SeqSpec.builder(srcVocab.size(), tgtVocab.size()).embedding(settings.embedding())
                .encoder(CellType.LSTM, settings.encoderHidden(), 1).bidirectional(true)
                .decoderHidden(settings.decoderHidden()).attention(Attention.Kind.GENERAL, 0).build();
        this.params = NativeAllocator.flatFor("demo parameters", a -> new Seq2Seq(spec, a, settings.seed()));
        this.model = new Seq2Seq(spec, params, settings.seed());
    }

    /** The run config equivalent to this demo (written as the model folder's config.json). */
    public org.rnn4j.models.seq2seq.Seq2SeqConfig runConfig() {
        String json = """
                {"formatVersion": 1, "family": "seq2seq",
                 "data": {"dataset": "dates", "tokenizer": "character"},
                 "model": {"embedding": %d, "encoder": {"cell": "lstm", "hidden": %d, "layers": 1, "bidirectional": true},
                           "decoder": {"hidden": %d}, "attention": {"kind": "general"}},
                 "training": {"optimizer": {"name": "adam", "lr": %s}, "batchSize": %d, "maxSteps": %d, "seed": %d},
                 "decoding": {"maxLength": 16}}
                """.formatted(settings.embedding(), settings.encoderHidden(), settings.decoderHidden(),
                Float.toString(settings.lr()), settings.batch(), settings.maxSteps(), settings.seed());
        return org.rnn4j.models.seq2seq.Seq2SeqConfig.parse(tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(json));
    }

    public Seq2Seq model() {
        return model;
    }

    /**
     * Trains on the devices {@code spec} names ({@code cpu:2x1}: two CPU devices of one thread,
     * each batch sharded over them); null, the default threads.
     */
    public DateDemo devices(String spec) {
        this.devices = spec;
        return this;
    }

    public Vocab sourceVocab() {
        return srcVocab;
    }

    public Vocab targetVocab() {
        return tgtVocab;
    }

    /**
     * Trains through the {@link Trainer} until maxSteps or maxSeconds (fresh random dates every
     * step, Adam with a warm-up and cosine decay, clipping at 5), then evaluates on held-out
     * dates. Every 200 steps, once the loss is low, 500 validation dates (a seed of their own,
     * not the held-out set) are checked; training stops when all are right.
     */
    public Result run(PrintStream out, Progress progress) throws IOException {
        SplittableRandom data = new SplittableRandom(settings.seed() + 1);
        final class Task extends ModelTrainable<int[][][]> implements RowPairs {
            Task() {
                super(model.namedParameters(), model.parameters());
            }

            @Override
            public long batchesPerEpoch() {
                return settings.maxSteps();
            }

            @Override
            public Iterator<int[][][]> batches(int epoch) {
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public int[][][] next() {
                        int[][] src = new int[settings.batch()][];
                        int[][] tgt = new int[settings.batch()][];
                        for (int i = 0; i < settings.batch(); i++) {
                            DateData.Pair p = DateData.sample(data);
                            src[i] = srcVocab.encodeCharacters(p.source());
                            tgt[i] = tgtVocab.encodeCharacters(p.target());
                        }
                        return new int[][][] {src, tgt};
                    }
                };
            }

            @Override
            public Var loss(Tape tape, int[][][] b) {
                return model.loss(tape, b[0], b[1], true);
            }

            @Override
            public Map<String, Double> validate() {
                return Map.of();
            }

            @Override
            public long unitsPerStep() {
                return settings.batch();
            }

            /** The loss is a mean over target tokens, the end token included. */
            @Override
            public double weight(int[][][] b) {
                long n = 0;
                for (int[] t : b[1]) {
                    n += t.length + 1;
                }
                return n;
            }

            @Override
            public Replica<int[][][]> replica(int index) {
                long seed = settings.seed() + index;
                FlatModel<Seq2Seq> fm = FlatModel.build("demo parameters of replica " + index,
                        a -> new Seq2Seq(model.spec(), a, seed));
                Seq2Seq r = fm.model();
                return new Replica<>() {
                    @Override
                    public List<Parameter> parameters() {
                        return r.parameters();
                    }

                    @Override
                    public Var loss(Tape tape, int[][][] b) {
                        return r.loss(tape, b[0], b[1], true);
                    }

                    @Override
                    public void close() {
                        fm.close();
                    }
                };
            }
        }
        Trainable<int[][][]> task = new Task();
        float[] lastLoss = {Float.NaN};
        Trainer.Builder tb = Trainer.builder();
        if (devices != null) {
            tb.devices(devices);
        }
        Trainer.Result r = tb.log(out).epochs(1).maxSteps(settings.maxSteps()).maxSeconds(settings.maxSeconds())
                .optimizer(p -> new Adam(p, settings.lr(), 0.9f, 0.999f, 1e-8f, 0f))
                .fixedSchedule(new Warmup(new CosineDecay(settings.lr(), settings.maxSteps(), settings.lr() / 20), 50))
                .clipNorm(5f).progress(progress)
                .listener(new TrainListener() {
                    @Override
                    public void afterStep(Trainer.State s) {
                        lastLoss[0] = s.loss();
                        if (s.globalStep() % 200 == 0 && s.loss() < 0.01f && validationAccuracy(data.split()) == 1.0) {
                            s.stop("all 500 validation dates right");
                        }
                    }
                }).build().fit(task);
        double seconds = r.wallSeconds();
        float loss = lastLoss[0];
        List<DateData.Pair> held = DateData.generate(settings.heldOut(), settings.seed() + 1_000_003);
        List<String> predictions = predict(held.stream().map(DateData.Pair::source).toList());
        int right = 0;
        List<String[]> samples = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            boolean ok = predictions.get(i).equals(held.get(i).target());
            right += ok ? 1 : 0;
            if (i < 12) {
                samples.add(new String[] {held.get(i).source(), predictions.get(i), held.get(i).target(), ok ? "yes" : "NO"});
            }
        }
        return new Result((int) r.steps(), seconds, loss, 100.0 * right / held.size(), held.size(), samples);
    }

    private double validationAccuracy(SplittableRandom r) {
        List<DateData.Pair> val = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            val.add(DateData.sample(r));
        }
        List<String> pred = predict(val.stream().map(DateData.Pair::source).toList());
        int right = 0;
        for (int i = 0; i < val.size(); i++) {
            right += pred.get(i).equals(val.get(i).target()) ? 1 : 0;
        }
        return (double) right / val.size();
    }

    /** Greedy predictions for many inputs, decoded in batches. */
    public List<String> predict(List<String> inputs) {
        List<String> out = new ArrayList<>(inputs.size());
        int bs = 256;
        for (int i = 0; i < inputs.size(); i += bs) {
            List<String> chunk = inputs.subList(i, Math.min(inputs.size(), i + bs));
            int[][] src = new int[chunk.size()][];
            for (int j = 0; j < chunk.size(); j++) {
                String s = chunk.get(j).isEmpty() ? " " : chunk.get(j);
                src[j] = srcVocab.encodeCharacters(s);
            }
            int[][] ids = model.greedy(new Tape(ws), src, 16);
            for (int[] seq : ids) {
                out.add(tgtVocab.decodeCharacters(seq));
            }
            ws.reset();
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        ws.close();
        params.close();
    }
}
