package org.actionbench.data.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExemplarTest {

    @Test
    void fillsTheSlotVerbatim() {
        assertEquals("A man raises one finger in a park", Exemplar.prompt("A man {} in a park", "raises one finger"));
        assertEquals("A panda <adi>", new Exemplar("a/0.png", "A panda {}").prompt("<adi>"));
        assertEquals("x  y", Exemplar.prompt("x {} y", ""));
    }

    @Test
    void countsSlots() {
        assertEquals(0, Exemplar.slotCount("A man in a park"));
        assertEquals(1, Exemplar.slotCount("{}"));
        assertEquals(2, Exemplar.slotCount("{} and {}"));
        assertEquals(1, Exemplar.slotCount("{{}}"));
        assertEquals(0, Exemplar.slotCount("{ }"));
    }

    @Test
    void refusesTemplatesWithoutExactlyOneSlot() {
        assertThrows(IllegalArgumentException.class, () -> Exemplar.prompt("A man in a park", "x"));
        assertThrows(IllegalArgumentException.class, () -> Exemplar.prompt("{} {}", "x"));
    }

    @Test
    void groupsHaveTheirJsonNames() {
        assertEquals("human", SubjectGroup.HUMAN.jsonName());
        assertEquals("celebrity", SubjectGroup.CELEBRITY.jsonName());
        assertEquals("animal", SubjectGroup.ANIMAL.jsonName());
        assertEquals(SubjectGroup.ANIMAL, SubjectGroup.fromJsonName("animal").orElseThrow());
        assertEquals(true, SubjectGroup.fromJsonName("Animal").isEmpty());
        assertEquals("human | celebrity | animal", SubjectGroup.names());
    }

    @Test
    void benchLooksUpByIdAndGroup() {
        Bench b = BenchFixtures.bench(2, 3);
        assertEquals("action 1", b.action("act1").orElseThrow().name());
        assertEquals(true, b.action("nope").isEmpty());
        assertEquals("A panda", b.subject("panda").orElseThrow().text());
        assertEquals(1, b.subjects(SubjectGroup.CELEBRITY).size());
        assertEquals(Evaluation.DEFAULT, new Bench(b.actions(), b.subjects()).evaluation());
        assertEquals(new Evaluation(4, 10), Evaluation.DEFAULT);
    }

    @Test
    void problemPrintsFileFieldMessage() {
        assertEquals("b/bench.json: actions[2].exemplars[4].prompt: bad",
                new Problem(java.nio.file.Path.of("b/bench.json"), "actions[2].exemplars[4].prompt", "bad").toString());
        assertEquals("b/x.png: bad", new Problem(java.nio.file.Path.of("b/x.png"), "", "bad").toString());
    }
}
