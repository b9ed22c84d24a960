package org.actionbench.mini.world;

import java.awt.Color;
import java.util.Objects;

/**
 * A person's look: body (skin, build, stature), hair, clothes, and for the costumed "celebrities" the pieces
 * that make them recognisable at a glance (headwear, cape, a patterned top). Colours are sRGB. Build scales
 * the thickness of torso and limbs (0.85 slim … 1.3 heavy).
 */
public record HumanLook(Color skin, double build, double stature,
                        HairStyle hairStyle, Color hair, Color beard,
                        Color top, boolean longSleeves, boolean stripedTop, Color stripes,
                        Color bottom, BottomStyle bottomStyle, Color shoes,
                        Headwear headwear, Color headwearColor, Color cape) implements Appearance {

    public enum HairStyle { BALD, SHORT, CURLY, LONG, BUN, PONYTAIL }

    public enum BottomStyle { TROUSERS, SHORTS, SKIRT, DRESS }

    public enum Headwear { NONE, CAP, BEANIE, CROWN, SPACE_HELMET, TOP_HAT, CONE_HAT, KNIGHT_HELMET }

    public HumanLook {
        Objects.requireNonNull(skin, "skin");
        Objects.requireNonNull(hairStyle, "hairStyle");
        Objects.requireNonNull(hair, "hair");
        Objects.requireNonNull(top, "top");
        Objects.requireNonNull(bottom, "bottom");
        Objects.requireNonNull(bottomStyle, "bottomStyle");
        Objects.requireNonNull(shoes, "shoes");
        Objects.requireNonNull(headwear, "headwear");
        if (stripedTop) {
            Objects.requireNonNull(stripes, "stripes");
        }
        if (headwear != Headwear.NONE) {
            Objects.requireNonNull(headwearColor, "headwearColor");
        }
    }

    public static Builder builder(Color skin) {
        return new Builder(skin);
    }

    /** Builds a look from the few parts that differ; the rest keep plain defaults. */
    public static final class Builder {
        private final Color skin;
        private double build = 1.0;
        private double stature = 1.0;
        private HairStyle hairStyle = HairStyle.SHORT;
        private Color hair = new Color(60, 40, 25);
        private Color beard;
        private Color top = new Color(120, 120, 120);
        private boolean longSleeves;
        private boolean stripedTop;
        private Color stripes;
        private Color bottom = new Color(50, 60, 90);
        private BottomStyle bottomStyle = BottomStyle.TROUSERS;
        private Color shoes = new Color(40, 30, 25);
        private Headwear headwear = Headwear.NONE;
        private Color headwearColor;
        private Color cape;

        private Builder(Color skin) {
            this.skin = skin;
        }

        public Builder build(double b) {
            build = b;
            return this;
        }

        public Builder child() {
            stature = 0.78;
            return this;
        }

        public Builder hair(HairStyle style, Color colour) {
            hairStyle = style;
            hair = colour;
            return this;
        }

        public Builder beard(Color colour) {
            beard = colour;
            return this;
        }

        public Builder top(Color colour, boolean longSleeved) {
            top = colour;
            longSleeves = longSleeved;
            return this;
        }

        public Builder stripes(Color colour) {
            stripedTop = true;
            stripes = colour;
            return this;
        }

        public Builder bottom(Color colour, BottomStyle style) {
            bottom = colour;
            bottomStyle = style;
            return this;
        }

        public Builder shoes(Color colour) {
            shoes = colour;
            return this;
        }

        public Builder headwear(Headwear h, Color colour) {
            headwear = h;
            headwearColor = colour;
            return this;
        }

        public Builder cape(Color colour) {
            cape = colour;
            return this;
        }

        public HumanLook done() {
            return new HumanLook(skin, build, stature, hairStyle, hair, beard, top, longSleeves, stripedTop, stripes,
                    bottom, bottomStyle, shoes, headwear, headwearColor, cape);
        }
    }
}
