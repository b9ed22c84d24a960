package org.actionbench.mini.world;

import static org.actionbench.mini.world.HumanLook.BottomStyle.DRESS;
import static org.actionbench.mini.world.HumanLook.BottomStyle.SHORTS;
import static org.actionbench.mini.world.HumanLook.BottomStyle.SKIRT;
import static org.actionbench.mini.world.HumanLook.BottomStyle.TROUSERS;
import static org.actionbench.mini.world.HumanLook.HairStyle.BALD;
import static org.actionbench.mini.world.HumanLook.HairStyle.BUN;
import static org.actionbench.mini.world.HumanLook.HairStyle.CURLY;
import static org.actionbench.mini.world.HumanLook.HairStyle.LONG;
import static org.actionbench.mini.world.HumanLook.HairStyle.PONYTAIL;
import static org.actionbench.mini.world.HumanLook.HairStyle.SHORT;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.actionbench.data.bench.Subject;
import org.actionbench.data.bench.SubjectGroup;
import org.actionbench.mini.world.HumanLook.Headwear;

/**
 * Everyone in ActionBench-Mini. The 23 evaluation subjects mirror ActionBench's list (generic humans such as
 * "an old man", well-known personalities, animals) as 10 humans, 6 celebrities and 7 animals. The celebrities
 * are fictional costumed characters (never real people), recognisable by costume alone; like ActionBench's
 * personalities and animals they and the animals never appear in an exemplar. Exemplars show only the
 * {@link #EXEMPLAR_HUMANS}, a separate pool of generic people none of whom is an evaluation subject.
 * The pretraining corpus draws from {@link #all()}, so the model knows every character, as Stable Diffusion
 * knows celebrities and pandas, without having seen the benchmark's actions paired with them on purpose.
 */
public final class Cast {
    private static final Color LIGHT = new Color(245, 208, 175);
    private static final Color FAIR = new Color(236, 196, 160);
    private static final Color TAN = new Color(208, 160, 115);
    private static final Color MEDIUM = new Color(180, 128, 85);
    private static final Color BROWN = new Color(140, 95, 60);
    private static final Color DARK = new Color(100, 66, 42);

    private static final Color BLACK_HAIR = new Color(25, 20, 18);
    private static final Color BROWN_HAIR = new Color(95, 60, 30);
    private static final Color BLOND_HAIR = new Color(225, 190, 90);
    private static final Color RED_HAIR = new Color(170, 70, 30);
    private static final Color GREY_HAIR = new Color(175, 175, 175);
    private static final Color WHITE_HAIR = new Color(235, 235, 235);

    public static final List<CastMember> HUMANS = List.of(
            human("old-man", "an old man", HumanLook.builder(FAIR).hair(SHORT, WHITE_HAIR)
                    .top(new Color(130, 90, 55), true).bottom(new Color(110, 110, 110), TROUSERS)),
            human("old-woman", "an old woman", HumanLook.builder(LIGHT).hair(BUN, GREY_HAIR)
                    .top(new Color(175, 150, 205), true).bottom(new Color(110, 80, 140), SKIRT)),
            human("young-man", "a young man", HumanLook.builder(TAN).hair(SHORT, BLACK_HAIR).build(0.95)
                    .top(new Color(40, 110, 210), false).bottom(new Color(45, 65, 115), TROUSERS)),
            human("young-woman", "a young woman", HumanLook.builder(LIGHT).hair(LONG, BROWN_HAIR).build(0.88)
                    .top(new Color(60, 160, 90), false).bottom(new Color(30, 30, 35), TROUSERS)),
            human("boy", "a boy", HumanLook.builder(MEDIUM).hair(SHORT, BROWN_HAIR).child()
                    .top(new Color(245, 200, 40), false).bottom(new Color(200, 50, 40), SHORTS)),
            human("girl", "a girl", HumanLook.builder(DARK).hair(PONYTAIL, BLACK_HAIR).child()
                    .top(new Color(240, 120, 180), false).bottom(new Color(240, 120, 180), DRESS)),
            human("bearded-man", "a man with a beard", HumanLook.builder(BROWN).hair(CURLY, BLACK_HAIR)
                    .beard(BLACK_HAIR).build(1.15).top(new Color(230, 120, 30), true)
                    .bottom(new Color(170, 150, 100), TROUSERS)),
            human("woman-in-red", "a woman in a red dress", HumanLook.builder(DARK).hair(LONG, BLACK_HAIR)
                    .build(0.9).top(new Color(210, 30, 40), false).bottom(new Color(210, 30, 40), DRESS)),
            human("bald-man", "a bald man", HumanLook.builder(LIGHT).hair(BALD, LIGHT).build(1.25)
                    .top(new Color(245, 245, 245), false).bottom(new Color(60, 55, 50), TROUSERS)),
            human("man-in-suit", "a man in a suit", HumanLook.builder(MEDIUM).hair(SHORT, BLACK_HAIR)
                    .top(new Color(30, 40, 80), true).bottom(new Color(30, 40, 80), TROUSERS)
                    .shoes(new Color(15, 15, 15))));

    public static final List<CastMember> CELEBRITIES = List.of(
            celebrity("king-aurelio", "King Aurelio", HumanLook.builder(FAIR).hair(SHORT, BROWN_HAIR)
                    .beard(BROWN_HAIR).build(1.1).top(new Color(110, 40, 150), true)
                    .bottom(new Color(240, 235, 220), TROUSERS)
                    .headwear(Headwear.CROWN, new Color(250, 200, 30)).cape(new Color(200, 20, 30))),
            celebrity("captain-nova", "Captain Nova", HumanLook.builder(TAN).hair(SHORT, BLACK_HAIR)
                    .top(new Color(240, 240, 245), true).stripes(new Color(250, 120, 20))
                    .bottom(new Color(240, 240, 245), TROUSERS).shoes(new Color(90, 90, 100))
                    .headwear(Headwear.SPACE_HELMET, new Color(250, 250, 250))),
            celebrity("stripey-sam", "Stripey Sam", HumanLook.builder(LIGHT).hair(SHORT, RED_HAIR)
                    .top(new Color(250, 250, 250), true).stripes(new Color(20, 20, 20))
                    .bottom(new Color(20, 20, 20), TROUSERS).headwear(Headwear.BEANIE, new Color(220, 30, 30))),
            celebrity("madame-rosa", "Madame Rosa", HumanLook.builder(LIGHT).hair(LONG, BLOND_HAIR).build(0.9)
                    .top(new Color(250, 110, 190), false).bottom(new Color(250, 110, 190), DRESS)
                    .headwear(Headwear.CONE_HAT, new Color(255, 80, 170))),
            celebrity("sir-ironclad", "Sir Ironclad", HumanLook.builder(FAIR).hair(SHORT, BROWN_HAIR).build(1.2)
                    .top(new Color(165, 170, 180), true).bottom(new Color(140, 145, 155), TROUSERS)
                    .shoes(new Color(110, 115, 125)).headwear(Headwear.KNIGHT_HELMET, new Color(165, 170, 180))),
            celebrity("doctor-tophat", "Doctor Tophat", HumanLook.builder(MEDIUM).hair(SHORT, GREY_HAIR)
                    .top(new Color(20, 130, 70), true).bottom(new Color(120, 50, 150), TROUSERS)
                    .shoes(new Color(15, 15, 15)).headwear(Headwear.TOP_HAT, new Color(20, 20, 22))));

    public static final List<CastMember> ANIMALS = List.of(
            animal(Species.PANDA), animal(Species.CAT), animal(Species.DOG), animal(Species.BEAR),
            animal(Species.TIGER), animal(Species.MONKEY), animal(Species.RABBIT));

    /** The 23 evaluation subjects: humans, then celebrities, then animals. */
    public static final List<CastMember> EVALUATION = concat(HUMANS, CELEBRITIES, ANIMALS);

    /** Generic people who appear in exemplars, and nowhere in the evaluation list. */
    public static final List<CastMember> EXEMPLAR_HUMANS = List.of(
            human("grey-shirt-man", "a man in a grey shirt", HumanLook.builder(FAIR).hair(SHORT, BROWN_HAIR)
                    .top(new Color(140, 140, 145), false).bottom(new Color(40, 50, 80), TROUSERS)),
            human("short-haired-woman", "a woman with short hair", HumanLook.builder(TAN).hair(SHORT, RED_HAIR)
                    .build(0.9).top(new Color(90, 190, 200), false).bottom(new Color(60, 60, 70), TROUSERS)),
            human("hoodie-teen", "a teenager in a hoodie", HumanLook.builder(BROWN).hair(SHORT, BLACK_HAIR)
                    .build(0.9).top(new Color(150, 40, 60), true).bottom(new Color(50, 50, 55), TROUSERS)),
            human("yellow-jacket-woman", "a woman in a yellow jacket", HumanLook.builder(LIGHT)
                    .hair(PONYTAIL, BLOND_HAIR).build(0.9).top(new Color(240, 210, 50), true)
                    .bottom(new Color(40, 60, 110), TROUSERS)),
            human("green-sweater-man", "a man in a green sweater", HumanLook.builder(DARK).hair(CURLY, BLACK_HAIR)
                    .build(1.1).top(new Color(40, 120, 60), true).bottom(new Color(120, 100, 80), TROUSERS)),
            human("jogger", "a jogger in a tracksuit", HumanLook.builder(MEDIUM).hair(SHORT, BLACK_HAIR)
                    .build(0.92).top(new Color(30, 90, 200), true).bottom(new Color(30, 90, 200), TROUSERS)
                    .shoes(new Color(240, 240, 240))),
            human("blue-blouse-woman", "a woman in a blue blouse", HumanLook.builder(FAIR).hair(BUN, BROWN_HAIR)
                    .build(0.9).top(new Color(120, 160, 230), false).bottom(new Color(70, 70, 80), SKIRT)),
            human("curly-haired-man", "a man with curly hair", HumanLook.builder(TAN).hair(CURLY, BROWN_HAIR)
                    .top(new Color(200, 90, 80), false).bottom(new Color(80, 90, 100), SHORTS)),
            human("orange-shirt-student", "a student in an orange shirt", HumanLook.builder(LIGHT)
                    .hair(SHORT, BLOND_HAIR).build(0.92).top(new Color(250, 140, 40), false)
                    .bottom(new Color(60, 80, 120), TROUSERS)),
            human("white-tshirt-man", "a man in a white t-shirt", HumanLook.builder(BROWN).hair(SHORT, BLACK_HAIR)
                    .build(1.05).top(new Color(235, 235, 235), false).bottom(new Color(35, 35, 40), TROUSERS)),
            human("middle-aged-woman", "a middle-aged woman", HumanLook.builder(MEDIUM).hair(LONG, BLACK_HAIR)
                    .build(1.05).top(new Color(160, 110, 70), true).bottom(new Color(90, 60, 40), TROUSERS)),
            human("cap-man", "a tall man in a cap", HumanLook.builder(FAIR).hair(SHORT, BROWN_HAIR)
                    .top(new Color(100, 100, 60), false).bottom(new Color(60, 70, 90), TROUSERS)
                    .headwear(Headwear.CAP, new Color(30, 80, 170))));

    private Cast() {
    }

    /** Every character: the evaluation subjects, then the exemplar humans. */
    public static List<CastMember> all() {
        return concat(EVALUATION, EXEMPLAR_HUMANS);
    }

    /** The evaluation list as bench subjects. */
    public static List<Subject> evaluationSubjects() {
        return EVALUATION.stream().map(CastMember::subject).toList();
    }

    public static CastMember byId(String id) {
        return all().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ActionBench-Mini character with id \"" + id + "\""));
    }

    private static CastMember human(String id, String text, HumanLook.Builder look) {
        return new CastMember(new Subject(id, text, SubjectGroup.HUMAN), look.done());
    }

    private static CastMember celebrity(String id, String text, HumanLook.Builder look) {
        return new CastMember(new Subject(id, text, SubjectGroup.CELEBRITY), look.done());
    }

    private static CastMember animal(Species s) {
        String article = "aeiou".indexOf(s.noun().charAt(0)) >= 0 ? "an " : "a ";
        return new CastMember(new Subject(s.noun(), article + s.noun(), SubjectGroup.ANIMAL), s);
    }

    @SafeVarargs
    private static List<CastMember> concat(List<CastMember>... lists) {
        List<CastMember> out = new ArrayList<>();
        for (List<CastMember> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }
}
