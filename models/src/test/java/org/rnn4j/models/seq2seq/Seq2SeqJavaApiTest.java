package org.rnn4j.models.seq2seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.models.data.DateData;
import org.rnn4j.models.train.Trainer;
import tools.jackson.databind.json.JsonMapper;

/** A seq2seq model trained from Java on pairs in memory, through the Trainer, saved as the folder the CLI reads. */
class Seq2SeqJavaApiTest {

    @Test
    void pairsInMemoryTrainThroughTheTrainerAndSaveAFolderThatLoads(@TempDir Path dir) throws Exception {
        Seq2SeqConfig cfg = Seq2SeqConfig.parse(JsonMapper.builder().build().readTree("""
                {"family": "seq2seq", "data": {"dataset": "dates"},
                 "model": {"embedding": 16, "encoder": {"hidden": 32}, "decoder": {"hidden": 64}},
                 "training": {"batchSize": 32, "optimizer": {"lr": 0.01}}, "decoding": {"maxLength": 12}}"""));
        List<DateData.Pair> train = DateData.generate(640, 11);
        List<DateData.Pair> val = DateData.generate(64, 12);
        try (Seq2SeqFamily.Training t = Seq2SeqFamily.fromPairs(cfg, train, val)) {
            double before = t.validate().get("token_accuracy");
            Trainer.Result r = Trainer.fromConfig(cfg.training()).epochs(4).build().fit(t);
            assertEquals(80, r.steps());
            assertTrue(r.lastMetrics().get("token_accuracy") > before + 0.2,
                    "token accuracy " + before + " -> " + r.lastMetrics());
            t.save(dir, Map.of("steps", r.steps()));
        }
        try (ModelFolder.Loaded m = ModelFolder.load(dir)) {
            List<String> out = m.predict(List.of("3 March 1999", "1999-03-03"));
            assertEquals(2, out.size());
            assertTrue(out.getFirst().length() <= 12, out.toString());
        }
    }
}
