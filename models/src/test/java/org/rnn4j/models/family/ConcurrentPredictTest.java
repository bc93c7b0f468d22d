package org.rnn4j.models.family;

import org.rnn4j.models.data.gen.NumberWords;
import org.rnn4j.models.data.FeatureRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.rnn4j.models.lm.LmRun;
import org.rnn4j.models.seq2seq.ModelFolder;
import org.rnn4j.models.seq2vec.TextClassifier;
import org.rnn4j.models.vec2seq.Vec2SeqRun;
import org.rnn4j.models.data.gen.MovingSquares;
import org.rnn4j.models.video.VideoRun;

/**
 * Every family's loaded model answers many threads at once exactly as it answers one: 4 threads
 * x 25 calls each, every answer compared with the sequential one (the classifier and the
 * language model shared one inference workspace before, and failed this).
 */
class ConcurrentPredictTest {
    private static final Path DIR = Path.of("src/test/resources/folders-v0.1");
    private static final int THREADS = 4;
    private static final int CALLS = 25;

    /** Runs {@code call} CALLS times on each of THREADS threads and checks each result against {@code expected}. */
    private static <T> void concurrently(Callable<T> call, T expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    List<T> out = new ArrayList<>();
                    for (int i = 0; i < CALLS; i++) {
                        out.add(call.call());
                    }
                    return out;
                }));
            }
            for (Future<List<T>> f : futures) {
                for (T got : f.get()) {
                    assertEquals(expected, got);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void textClassifier() throws Exception {
        try (TextClassifier c = TextClassifier.load(DIR.resolve("parity-classifier"))) {
            List<String> in = List.of("1 0 1 1", "0 0", "1 1 1 0 1 0 1", "1");
            concurrently(() -> c.predict(in), c.predict(in));
        }
    }

    @Test
    void languageModel() throws Exception {
        try (LmRun lm = LmRun.load(DIR.resolve("sample-lm"))) {
            concurrently(() -> lm.generate("the quick", 40, 0.8f, 0, 7), lm.generate("the quick", 40, 0.8f, 0, 7));
            String text = "a journey of a thousand miles begins with a single step. ";
            concurrently(() -> lm.perplexity(text), lm.perplexity(text));
        }
    }

    @Test
    void seq2seq() throws Exception {
        try (ModelFolder.Loaded m = ModelFolder.load(DIR.resolve("spelled-digits"))) {
            List<String> in = List.of("three seven one", "nine six", "four two");
            concurrently(() -> m.predict(in), m.predict(in));
            concurrently(() -> m.decode(in, 3, 2, 1f, 0, 1), m.decode(in, 3, 2, 1f, 0, 1));
        }
    }

    @Test
    void vec2seq() throws Exception {
        try (Vec2SeqRun v = Vec2SeqRun.load(DIR.resolve("number-words-vec2seq"))) {
            List<float[]> in = NumberWords.generate(6, 5).stream().map(FeatureRows.Row::features).toList();
            concurrently(() -> v.predict(in), v.predict(in));
        }
    }

    @Test
    void video() throws Exception {
        try (VideoRun v = VideoRun.load(DIR.resolve("moving-squares-video"))) {
            var clips = MovingSquares.standard().generate(24, 9);
            concurrently(() -> v.accuracy(clips), v.accuracy(clips));
        }
    }
}
