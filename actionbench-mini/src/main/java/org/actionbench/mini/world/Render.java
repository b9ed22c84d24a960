package org.actionbench.mini.world;

import java.awt.image.BufferedImage;
import org.actionbench.data.io.Png;

/**
 * One rendered image of ActionBench-Mini with its ground truth: the caption with the action words (see
 * {@link Captions}), who (subject id), what (action id, {@link MiniRenderer#NO_ACTION} for a pose given as
 * bare keypoints), where (scene id), and the pose.
 */
public record Render(BufferedImage image, String caption, String subjectId, String actionId, String sceneId,
                     Keypoints keypoints, Pose pose) {

    /** The keypoints as an OpenPose-style skeleton map (ControlNet's condition) at the image's resolution. */
    public BufferedImage skeletonMap() {
        return SkeletonMap.draw(keypoints, image.getWidth());
    }

    public byte[] png() {
        return Png.encode(image);
    }
}
