package org.rnn4j.models.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.models.seq2vec.TextClassifier;
import org.rnn4j.models.lm.LanguageModelSpec;
import org.rnn4j.models.lm.LmRun;
import org.rnn4j.models.seq2seq.ModelFolder;
import org.rnn4j.models.seq2seq.Seq2SeqConfig;
import org.rnn4j.models.seq2vec.Seq2VecConfig;
import org.rnn4j.models.lm.LanguageModelConfig;
import org.rnn4j.models.vec2seq.Vec2SeqConfig;
import org.rnn4j.models.video.VideoConfig;
import org.rnn4j.models.seq2seq.Seq2SeqSpec;
import org.rnn4j.models.seq2vec.Pooling;
import org.rnn4j.models.seq2vec.Seq2VecSpec;
import org.rnn4j.models.text.Vocab;
import org.rnn4j.models.vec2seq.Vec2SeqRun;
import org.rnn4j.models.vec2seq.Vec2SeqSpec;
import org.rnn4j.models.video.VideoRun;
import org.rnn4j.models.video.VideoSpec;

/**
 * A model built in plain Java serialises to the config JSON that describes it: spec → config →
 * JSON → parsed config (equal) → the spec the trainer builds from it (equal to the original).
 */
class ModelConfigsTest {

    @Test
    void seq2seq() {
        Seq2SeqSpec spec = new Seq2SeqSpec(40, 30, 24, 48, 2, true, CellType.GRU, 96, Attention.Kind.ADDITIVE, 32, 0.1f);
        Seq2SeqConfig c = Seq2SeqConfig.of(spec);
        assertEquals(c, Seq2SeqConfig.parse(c.toJson()));
        assertEquals(spec, ModelFolder.specOf(Seq2SeqConfig.parse(c.toJson()), 40, 30));
        assertEquals(spec, Seq2SeqSpec.builder(40, 30).embedding(24).encoder(CellType.GRU, 48, 2).decoderHidden(96)
                .attention(Attention.Kind.ADDITIVE, 32).dropout(0.1f).build(), "the builder names the same sizes");
        assertEquals(spec, spec.toBuilder().build());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Seq2SeqSpec.builder(40, 30).encoder(CellType.LSTM, 0, 1).build());
        assertEquals("encoderHidden must be >= 1, got 0", e.getMessage());
    }

    @Test
    void seq2vec() {
        Seq2VecSpec spec = Seq2VecSpec.tokens(50, 12, 20, 3).withPaddingIdx(Vocab.PAD_ID).withCell(CellType.GRU)
                .withLayers(2).withBidirectional(true).withRnnDropout(0.2f).withPooling(Pooling.MEAN).withDropout(0.1f);
        Seq2VecConfig c = Seq2VecConfig.of(spec);
        assertEquals(c, Seq2VecConfig.parse(c.toJson()));
        assertEquals(spec, TextClassifier.specOf(Seq2VecConfig.parse(c.toJson()), 50, 3));
        assertThrows(IllegalArgumentException.class, () -> Seq2VecConfig.of(Seq2VecSpec.features(4, 8, 2)));
    }

    @Test
    void languageModel() {
        LanguageModelSpec spec = LanguageModelSpec.of(60, 16, 64).withCell(CellType.GRU).withLayers(2).withDropout(0.2f);
        LanguageModelConfig c = LanguageModelConfig.of(spec);
        assertEquals(c, LanguageModelConfig.parse(c.toJson()));
        assertEquals(spec, LmRun.specOf(LanguageModelConfig.parse(c.toJson()), 60));
    }

    @Test
    void vec2seq() {
        Vec2SeqSpec spec = Vec2SeqSpec.of(30, 25, 8, 40).withCell(CellType.GRU).withConditioning(false, true)
                .withDropout(0.1f);
        Vec2SeqConfig c = Vec2SeqConfig.of(spec);
        assertEquals(c, Vec2SeqConfig.parse(c.toJson()));
        assertEquals(spec, Vec2SeqRun.specOf(Vec2SeqConfig.parse(c.toJson()), 25, 30));
    }

    @Test
    void imageToSequence() {
        Vec2SeqSpec spec = Vec2SeqSpec.of(1, 14, 8, 40).withConditioning(true, true)
                .withImage(new org.rnn4j.models.vec2seq.ImageEncoderSpec(1, 28, 112, 6, 10, 5, 64));
        Vec2SeqConfig c = Vec2SeqConfig.of(spec);
        assertEquals(c, Vec2SeqConfig.parse(c.toJson()));
        assertEquals(Vec2SeqConfig.MNIST_STRINGS, c.data().dataset());
        assertEquals(4, c.data().maxDigits());
        assertEquals(spec, Vec2SeqRun.specOf(Vec2SeqConfig.parse(c.toJson()), 14, 28 * 112));
        assertThrows(IllegalArgumentException.class, () -> Vec2SeqConfig.of(Vec2SeqSpec.of(1, 14, 8, 40)
                .withImage(new org.rnn4j.models.vec2seq.ImageEncoderSpec(1, 20, 40, 6, 10, 5, 64))));
    }

    @Test
    void video() {
        VideoSpec base = VideoRun.specOf(VideoConfig.of(VideoRun.specOf(VideoConfig.parse(
                tools.jackson.databind.json.JsonMapper.builder().build().readTree("{\"family\": \"video\"}")))));
        VideoSpec spec = base.withCell(CellType.GRU).withRecurrent(24, 2, true).withConv(4, 6, 3).withCoordinates(false);
        VideoConfig c = VideoConfig.of(spec);
        assertEquals(c, VideoConfig.parse(c.toJson()));
        assertEquals(spec, VideoRun.specOf(VideoConfig.parse(c.toJson())));
        VideoSpec digits = VideoSpec.of(1, 64, 64, 10).withConv3(32).withRecurrent(48, 1, false);
        VideoConfig d = VideoConfig.of(digits);
        assertEquals(VideoConfig.MOVING_MNIST, d.data().dataset());
        assertEquals(d, VideoConfig.parse(d.toJson()));
        assertEquals(digits, VideoRun.specOf(VideoConfig.parse(d.toJson())));
        assertThrows(IllegalArgumentException.class, () -> VideoConfig.of(VideoSpec.of(1, 20, 20, 3)));
    }
}
