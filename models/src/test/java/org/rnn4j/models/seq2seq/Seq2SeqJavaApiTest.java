package org.rnn4j.models.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.gen.DateData;
import org.rnn4j.models.train.Trainer;

/** A seq2seq model trained from Java on pairs in memory, through the Trainer, saved as the folder the CLI reads. */
class Seq2SeqJavaApiTest {

    @Test
    void pairsInMemoryTrainThroughTheTrainerAndSaveAFolderThatLoads(@TempDir Path dir) throws Exception {
        Seq2SeqConfig cfg = Seq2SeqConfig.builder().tokenizer(org.rnn4j.models.text.Tokenizer.CHARACTER).embedding(16)
                .encoder(org.rnn4j.core.nn.CellType.LSTM, 32, 1).decoderHidden(64).batchSize(32).maxLength(12).build();
        List<DateData.Pair> train = DateData.generate(640, 11);
        List<DateData.Pair> val = DateData.generate(64, 12);
        try (Seq2SeqFamily.Training t = Seq2SeqFamily.fromPairs(cfg, train, val)) {
            double before = t.validate().get("token_accuracy");
            Trainer.Result r = Trainer.fromConfig(cfg.training()).epochs(4)
                    .optimizer(p -> new org.rnn4j.core.optim.Adam(p, 0.01f, 0.9f, 0.999f, 1e-8f, 0f)).build().fit(t);
            assertEquals(80, r.steps());
            assertTrue(r.lastMetrics().get("token_accuracy") > before + 0.2,
                    "token accuracy " + before + " -> " + r.lastMetrics());
            t.save(dir, Map.of("steps", r.steps()));
        }
        assertEquals(Seq2SeqConfig.JAVA, Seq2SeqConfig.parse(org.rnn4j.models.train.RunFiles.readJson(
                dir.resolve("config.json"))).data().dataset(), "the folder says it came from Java");
        try (ModelFolder.Loaded m = ModelFolder.load(dir)) {
            List<String> out = m.predict(List.of("3 March 1999", "1999-03-03"));
            assertEquals(2, out.size());
            assertTrue(out.getFirst().length() <= 12, out.toString());
        }
    }
}
