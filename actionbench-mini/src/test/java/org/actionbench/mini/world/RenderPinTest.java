package org.actionbench.mini.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the pixels the world draws: every character of each cast group in every action (scenes and seeds
 * varied), at 64 px and, for a few characters, at 128 px where small details show. The digests were taken
 * from the renderer before {@code BodyRenderer} was split by what it paints; a refactoring must leave them
 * unchanged (the bundled model was trained on these images and the demo's oracle table depends on them).
 * A deliberate change to the drawing updates them, and says so in its commit.
 */
class RenderPinTest {

    private static final Map<String, String> PINNED = Map.of(
            "humans", "2cbdc518ddb6ba6bbec930297c234e128e882e213ec5451e4bcbcf1b95626f04",
            "celebrities", "fa5584c3365fde642e8700baf1700e6968e4f25b32b85e792674c00d50d6ca02",
            "animals", "06b7d86691ddb7886057f4da7b9eb745f49be5c8f539c172dd490fb8eeb2ec79",
            "exemplar humans", "ca576902c517d3eb4a671921db69579c7ac10ff5bac5d0a033dd1a91a98b942e");

    @Test
    void everyCastGroupIsDrawnPixelForPixelAsPinned() throws Exception {
        Map<String, List<CastMember>> groups = new LinkedHashMap<>();
        groups.put("humans", Cast.HUMANS);
        groups.put("celebrities", Cast.CELEBRITIES);
        groups.put("animals", Cast.ANIMALS);
        groups.put("exemplar humans", Cast.EXEMPLAR_HUMANS);
        Map<String, String> actual = new LinkedHashMap<>();
        for (Map.Entry<String, List<CastMember>> group : groups.entrySet()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<CastMember> members = group.getValue();
            for (int i = 0; i < members.size(); i++) {
                for (PoseFamily action : PoseFamily.values()) {
                    int j = action.ordinal();
                    SceneKind where = SceneKind.values()[(i + j) % SceneKind.values().length];
                    long seed = 31L * i + j;
                    digest(sha, MiniRenderer.render(members.get(i), action, where, 64, seed).image());
                    if (i < 3) {
                        digest(sha, MiniRenderer.render(members.get(i), action, where, 128, seed).image());
                    }
                }
            }
            actual.put(group.getKey(), HexFormat.of().formatHex(sha.digest()));
        }
        for (String group : groups.keySet()) {
            assertEquals(PINNED.get(group), actual.get(group), group + " are drawn differently; all digests: " + actual);
        }
    }

    private static void digest(MessageDigest sha, BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * argb.length);
        bytes.putInt(w).putInt(h);
        bytes.asIntBuffer().put(argb);
        sha.update(bytes.array());
    }
}
