package org.actionbench.ui.importer;

/** A CDI event fired after an import stored new images, for whatever keeps the images in memory. */
public record ImagesImported(int added) {
}
