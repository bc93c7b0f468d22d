package org.rnn4j.models.seq2seq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.core.tensor.Workspace;
import org.rnn4j.models.seq2seq.Seq2SeqConfig;
import org.rnn4j.models.text.Tokenizer;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.train.RunFiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained sequence→sequence model as a folder: {@code config.json} (with a formatVersion),
 * {@code source_vocab.json}, {@code target_vocab.json}, {@code model.safetensors} (PyTorch
 * state_dict names) and {@code metrics.json}. Every file is written atomically (temporary file,
 * then rename), so an interrupted save leaves the previous files intact.
 */
public final class ModelFolder {
    public static final int FORMAT_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ModelFolder() {
    }

    /** Saves the demo's model as a folder whose config.json is a valid training config. */
    public static void save(Path dir, DateDemo demo, DateDemo.Result result) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("steps", result.steps());
        metrics.put("trainSeconds", result.trainSeconds());
        metrics.put("lastLoss", result.lastLoss());
        metrics.put("heldOutExactMatchPercent", result.exactMatch());
        metrics.put("heldOut", result.heldOut());
        save(dir, demo.runConfig(), demo.model(), demo.sourceVocab(), demo.targetVocab(), Tokenizer.CHARACTER, metrics);
    }

    /**
     * Saves a model folder: {@code config.json} (the run's config, which names the family and
     * the format version), the two vocabularies with their tokenizer, {@code model.safetensors}
     * and {@code metrics.json}; each file written atomically.
     */
    public static void save(Path dir, Seq2SeqConfig config, Seq2Seq model, Vocab src, Vocab tgt, Tokenizer tokenizer,
                            Map<String, Object> metrics) throws IOException {
        Files.createDirectories(dir);
        RunFiles.writeAtomically(dir.resolve("config.json"), config.toJsonString());
        RunFiles.writeVocab(dir.resolve("source_vocab.json"), src, tokenizer, Map.of());
        RunFiles.writeVocab(dir.resolve("target_vocab.json"), tgt, tokenizer, Map.of());
        RunFiles.writeWeights(dir.resolve("model.safetensors"), model.namedParameters(), "seq2seq");
        RunFiles.writeMetrics(dir, metrics);
    }

    /** A loaded model, ready for inference; safe to share between threads (each call its own workspace). */
    public static final class Loaded implements AutoCloseable {
        private final NativeAllocator params;
        private final Seq2Seq model;
        private final Vocab src;
        private final Vocab tgt;
        private final int maxLength;
        private final Tokenizer tokenizer;
        private final Seq2SeqConfig config;

        Loaded(NativeAllocator params, Seq2Seq model, Vocab src, Vocab tgt, Tokenizer tokenizer, Seq2SeqConfig config) {
            this.params = params;
            this.model = model;
            this.src = src;
            this.tgt = tgt;
            this.tokenizer = tokenizer;
            this.config = config;
            this.maxLength = config.decoding().maxLength();
        }

        public Seq2SeqConfig config() {
            return config;
        }

        public Seq2Seq model() {
            return model;
        }

        public Vocab sourceVocab() {
            return src;
        }

        public Vocab targetVocab() {
            return tgt;
        }

        public Tokenizer tokenizer() {
            return tokenizer;
        }

        int[] encode(String s) {
            int[] ids = src.encode(tokenizer.split(s));
            return ids.length == 0 ? new int[] {Vocab.UNK_ID} : ids;
        }

        String decode(int[] ids) {
            return tokenizer.join(tgt.decode(ids));
        }

        /** Outputs, one per input, decoded as the config's decoding section says (greedy, beam or sampling). */
        public List<String> predict(List<String> inputs) {
            Seq2SeqConfig.Decoding d = config.decoding();
            if (d.strategy() == Seq2SeqConfig.Strategy.BEAM || d.strategy() == Seq2SeqConfig.Strategy.SAMPLE) {
                boolean beamSearch = d.strategy() == Seq2SeqConfig.Strategy.BEAM;
                return decode(inputs, beamSearch ? d.beamWidth() : 0, 1, d.temperature(), d.topK(), 1).stream()
                        .map(l -> l.getFirst().text()).toList();
            }
            return greedy(inputs);
        }

        /** Greedy outputs, one per input. */
        public List<String> greedy(List<String> inputs) {
            List<String> out = new ArrayList<>();
            try (Workspace ws = new Workspace("predict", 1 << 20)) {
                // In chunks: a decoder step keeps its batch's keys and states in the workspace until
                // the chunk ends, so one huge batch would hold all of them at once.
                for (int from = 0; from < inputs.size(); from += CHUNK) {
                    List<String> part = inputs.subList(from, Math.min(inputs.size(), from + CHUNK));
                    int[][] ids = part.stream().map(this::encode).toArray(int[][]::new);
                    for (int[] seq : model.greedy(new org.rnn4j.core.autograd.Tape(ws), ids, maxLength)) {
                        out.add(decode(seq));
                    }
                    ws.reset();
                }
            }
            return out;
        }

        /** Inputs decoded together. */
        static final int CHUNK = 256;

        /** A decoded output and its score (log-probability, or the beam's rank score). */
        public record Scored(String text, double score) {
        }

        /**
         * Beam search (n-best per input, best first) or, with {@code beam} 0, sampling at
         * {@code temperature} with top-k (0 = all) from {@code seed}.
         */
        public List<List<Scored>> decode(List<String> inputs, int beam, int nBest, float temperature, int topK,
                                         long seed) {
            List<List<Scored>> out = new ArrayList<>();
            if (inputs.isEmpty()) {
                return out;
            }
            if (inputs.size() > CHUNK) {
                for (int from = 0; from < inputs.size(); from += CHUNK) {
                    out.addAll(decode(inputs.subList(from, Math.min(inputs.size(), from + CHUNK)), beam, nBest, temperature,
                            topK, seed + from));
                }
                return out;
            }
            try (Workspace ws = new Workspace("decode", 1 << 20)) {
                int[][] ids = new int[inputs.size()][];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = encode(inputs.get(i));
                }
                if (beam > 0) {
                    for (List<Decoding.Hypothesis> hs : Decoding.beam(model, ids, beam, nBest, maxLength,
                            config.decoding().lengthPenalty(), ws)) {
                        out.add(hs.stream().map(h -> new Scored(decode(h.tokens()), h.score())).toList());
                    }
                } else {
                    for (Decoding.Hypothesis h : Decoding.sample(model, ids, maxLength, temperature, topK, seed, ws)) {
                        out.add(List.of(new Scored(decode(h.tokens()), h.logProb())));
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            model.close();
            params.close();
        }
    }

    /** Loads a folder written by {@link #save}; errors name the file and what is wrong. */
    public static Loaded load(Path dir) throws IOException {
        Seq2SeqConfig cfg = RunFiles.readConfig(dir, Seq2SeqConfig::parse);
        Vocab src = RunFiles.readVocab(dir.resolve("source_vocab.json"));
        Vocab tgt = RunFiles.readVocab(dir.resolve("target_vocab.json"));
        Tokenizer tokenizer = Tokenizer.valueOf(cfg.data().tokenizer().name());
        Seq2SeqSpec spec = specOf(cfg, src.size(), tgt.size());
        org.rnn4j.core.tensor.NativeMemory.requireRoomFor(spec.parameterCount(), "the seq2seq model in " + dir);
        NativeAllocator params = new NativeAllocator("model " + dir);
        Seq2Seq model = new Seq2Seq(spec, params, 0);
        RunFiles.loadWeights(dir, model.namedParameters(), () -> {
            model.close();
            params.close();
        });
        return new Loaded(params, model, src, tgt, tokenizer, cfg);
    }

    /** The model spec a run config describes, for vocabularies of these sizes. */
    public static Seq2SeqSpec specOf(Seq2SeqConfig cfg, int srcVocab, int tgtVocab) {
        Seq2SeqConfig.Model m = cfg.model();
        return Seq2SeqSpec.builder(srcVocab, tgtVocab).embedding(m.embedding())
                .encoder(m.encoderCell(), m.encoderHidden(), m.encoderLayers()).bidirectional(m.bidirectional())
                .decoderHidden(m.decoderHidden()).attention(m.attention(), m.attentionSize()).dropout(m.dropout()).build();
    }
}
