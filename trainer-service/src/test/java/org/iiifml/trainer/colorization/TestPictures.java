package org.iiifml.trainer.colorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small colour pictures whose colours follow from their lightness and layout, so that a network can learn
 * them: a blue sky getting lighter towards the horizon, green ground with texture, and a red or yellow disc
 * somewhere. Seeded: the same seed makes the same pictures.
 */
public final class TestPictures {

    private TestPictures() {
    }

    public static List<int[]> colour(int count, int size, long seed) {
        Random random = new Random(seed);
        List<int[]> pictures = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int[] rgb = new int[size * size];
            int horizon = size / 3 + random.nextInt(size / 3);
            int cx = random.nextInt(size);
            int cy = random.nextInt(size);
            int radius = size / 8 + random.nextInt(size / 6);
            boolean red = random.nextBoolean();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int r;
                    int g;
                    int b;
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius) {
                        r = 220;
                        g = red ? 40 : 200;
                        b = 30;
                    } else if (y < horizon) {
                        int t = 120 * y / Math.max(1, horizon);
                        r = 40 + t / 2;
                        g = 90 + t / 2;
                        b = 200 + t / 4;
                    } else {
                        int texture = random.nextInt(30);
                        r = 30 + texture;
                        g = 110 + texture;
                        b = 30 + texture / 2;
                    }
                    rgb[y * size + x] = (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
                }
            }
            pictures.add(rgb);
        }
        return pictures;
    }
}
