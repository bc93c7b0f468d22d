package org.rnn4j.models.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.rnn4j.core.nn.Attention;
import org.rnn4j.core.nn.CellType;
import org.rnn4j.core.nn.NamedModule;
import org.rnn4j.core.nn.Parameter;
import org.rnn4j.core.tensor.Allocator;
import org.rnn4j.core.tensor.NativeAllocator;
import org.rnn4j.models.lm.LanguageModel;
import org.rnn4j.models.lm.LanguageModelSpec;
import org.rnn4j.models.seq2seq.Seq2Seq;
import org.rnn4j.models.seq2seq.Seq2SeqSpec;
import org.rnn4j.models.seq2vec.Pooling;
import org.rnn4j.models.seq2vec.Seq2Vec;
import org.rnn4j.models.seq2vec.Seq2VecSpec;
import org.rnn4j.models.vec2seq.ImageEncoderSpec;
import org.rnn4j.models.vec2seq.Vec2Seq;
import org.rnn4j.models.vec2seq.Vec2SeqSpec;
import org.rnn4j.models.video.VideoClassifier;
import org.rnn4j.models.video.VideoSpec;

/** Every spec's parameter count, from its sizes alone, equals what the model it builds holds. */
class ParameterCountTest {

    private static long built(Function<Allocator, ? extends NamedModule<?>> build) {
        try (NativeAllocator mem = new NativeAllocator("count"); NamedModule<?> m = build.apply(mem)) {
            long n = 0;
            for (Parameter p : m.parameters()) {
                n += p.value().size();
            }
            return n;
        }
    }

    @Test
    void sequenceToVector() {
        for (Seq2VecSpec s : new Seq2VecSpec[] {Seq2VecSpec.tokens(11, 4, 6, 3),
            Seq2VecSpec.tokens(11, 4, 6, 3).withCell(CellType.GRU).withLayers(2).withBidirectional(true)
                    .withPooling(Pooling.MEAN),
            Seq2VecSpec.features(5, 7, 2).withCell(CellType.RNN_TANH).regression(3)}) {
            assertEquals(built(a -> new Seq2Vec(s, a, 1)), s.parameterCount(), s.toString());
        }
    }

    @Test
    void languageModel() {
        for (LanguageModelSpec s : new LanguageModelSpec[] {LanguageModelSpec.of(13, 4, 8),
            LanguageModelSpec.of(13, 4, 8).withCell(CellType.GRU).withLayers(3)}) {
            assertEquals(built(a -> new LanguageModel(s, a, 1)), s.parameterCount(), s.toString());
        }
    }

    @Test
    void sequenceToSequence() {
        for (Attention.Kind kind : Attention.Kind.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                int dec = kind == Attention.Kind.DOT ? (bi ? 12 : 6) : 9;
                Seq2SeqSpec s = Seq2SeqSpec.builder(17, 11).embedding(5).encoder(CellType.GRU, 6, 2).bidirectional(bi)
                        .decoderHidden(dec).attention(kind, kind == Attention.Kind.ADDITIVE ? 7 : 0).build();
                assertEquals(built(a -> new Seq2Seq(s, a, 1)), s.parameterCount(), s.toString());
            }
        }
    }

    @Test
    void vectorToSequence() {
        Vec2SeqSpec plain = Vec2SeqSpec.of(9, 12, 4, 8);
        Vec2SeqSpec gru = Vec2SeqSpec.of(9, 12, 4, 8).withCell(CellType.GRU).withConditioning(true, true);
        Vec2SeqSpec feed = Vec2SeqSpec.of(9, 12, 4, 8).withConditioning(false, true);
        Vec2SeqSpec image = Vec2SeqSpec.of(10, 12, 4, 8).withImage(new ImageEncoderSpec(1, 8, 16, 3, 5, 3, 10));
        for (Vec2SeqSpec s : new Vec2SeqSpec[] {plain, gru, feed, image}) {
            assertEquals(built(a -> new Vec2Seq(s, a, 1)), s.parameterCount(), s.toString());
        }
    }

    @Test
    void video() {
        VideoSpec base = VideoSpec.of(1, 12, 12, 4);
        for (VideoSpec s : new VideoSpec[] {base, base.withConv3(6).withRecurrent(5, 2, true).withCoordinates(false)}) {
            assertEquals(built(a -> new VideoClassifier(s, a, 1)), s.parameterCount(), s.toString());
        }
    }
}
