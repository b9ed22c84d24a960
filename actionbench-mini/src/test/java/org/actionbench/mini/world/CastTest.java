package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.actionbench.data.bench.BenchValidator;
import org.actionbench.data.bench.SubjectGroup;
import org.junit.jupiter.api.Test;

class CastTest {
    @Test
    void evaluationListMirrorsActionBench() {
        assertEquals(23, Cast.EVALUATION.size());
        assertEquals(10, Cast.EVALUATION.stream().filter(c -> c.subject().group() == SubjectGroup.HUMAN).count());
        assertEquals(6, Cast.EVALUATION.stream().filter(c -> c.subject().group() == SubjectGroup.CELEBRITY).count());
        assertEquals(7, Cast.EVALUATION.stream().filter(c -> c.subject().group() == SubjectGroup.ANIMAL).count());
        for (CastMember c : Cast.EVALUATION) {
            boolean animal = c.appearance() instanceof Species;
            assertEquals(animal, c.subject().group() == SubjectGroup.ANIMAL, c.id());
        }
    }

    @Test
    void idsAreUniqueAndUsableAsDirectoryNames() {
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (CastMember c : Cast.all()) {
            assertTrue(BenchValidator.isId(c.id()), c.id());
            assertTrue(ids.add(c.id().toLowerCase()), "duplicate id " + c.id());
            assertTrue(texts.add(c.text()), "duplicate text " + c.text());
        }
    }

    @Test
    void exemplarPeopleAreGenericHumansOutsideTheEvaluationList() {
        assertTrue(Cast.EXEMPLAR_HUMANS.size() >= MiniBench.EXEMPLARS_PER_ACTION);
        for (CastMember e : Cast.EXEMPLAR_HUMANS) {
            assertEquals(SubjectGroup.HUMAN, e.subject().group());
            HumanLook look = (HumanLook) e.appearance();
            assertEquals(null, look.cape(), e.id());
            for (CastMember s : Cast.EVALUATION) {
                assertFalse(e.id().equals(s.id()), e.id());
                assertFalse(e.text().contains(s.text()), e.text() + " contains " + s.text());
                assertFalse(e.appearance().equals(s.appearance()), e.id() + " looks like " + s.id());
            }
        }
    }
}
