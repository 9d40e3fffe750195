package org.iiifml.colorizer.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.iiifml.colorizer.ColorizerApplication;
import org.iiifml.colorizer.colorize.ColorizeService;
import org.iiifml.colorizer.colorize.Colorizer;
import org.iiifml.colorizer.colorize.MachineMade;
import org.iiifml.inference.color.Lab;
import org.iiifml.colorizer.models.ColorizationContract;
import org.iiifml.colorizer.models.ColorizationTestModels;
import org.iiifml.colorizer.models.LoadedColorizer;
import org.iiifml.inference.image.ImageDecoder;
import org.iiifml.inference.onnx.OnnxGraph;
import org.iiifml.inference.onnx.OnnxGraph.Attribute;
import org.iiifml.inference.preprocess.Resampler;
import org.iiifml.inference.store.ModelStore;
import org.iiifml.support.testing.ServiceConventionsTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ./bench.sh colorizer: a 1000 × 750 photograph colourised through the service's upload endpoint (HTTP on
 * loopback, the service started in this JVM), against a bare ONNX Runtime run of the same 256 px model, in
 * the same run; the breakdown (decode, the model's small L input, inference, ab upsampling with the
 * recombination at full size, encoding with the XMP); and the colour conversion and encoding in ms per
 * megapixel at 12 MP. The model has ECCV16's shape (its layers and channels, random weights, since no
 * published weights can be had here), at its own width and at a quarter of it, so that the service's own
 * share shows against a heavy model and a light one. Prints RESULT lines; asserts no time.
 */
class ColorizerBench {

    static final int ROUNDS = Integer.getInteger("bench.rounds", 15);

    /**
     * A network of ECCV16's shape, random He-style weights from the seed: {@code width} 1 is ECCV16's own
     * channels (64, 128, 256, then 512 at 32 × 32, dilated 2 in the middle, 256 after a 2× upsample to
     * 64 × 64), a quarter of them with {@code width} 4; ab regressed at 64 × 64.
     */
    static byte[] eccv16Shaped(long seed, int width) {
        Random random = new Random(seed);
        OnnxGraph g = new OnnxGraph("eccv16-shaped").input("input_l", 1L, 1L, 256L, 256L).output("ab", 1L, 2L, 64L, 64L);
        String x = "input_l";
        // {in, out, stride, dilation}, ECCV16's conv1–conv7
        int[][] layers = {{1, 64, 1, 1}, {64, 64, 2, 1}, {64, 128, 1, 1}, {128, 128, 2, 1}, {128, 256, 1, 1}, {256, 256, 1, 1},
                {256, 256, 2, 1}, {256, 512, 1, 1}, {512, 512, 1, 1}, {512, 512, 1, 1}, {512, 512, 1, 2}, {512, 512, 1, 2},
                {512, 512, 1, 2}, {512, 512, 1, 2}, {512, 512, 1, 2}, {512, 512, 1, 2}, {512, 512, 1, 1}, {512, 512, 1, 1},
                {512, 512, 1, 1}};
        int n = 0;
        for (int[] l : layers) {
            x = conv(g, random, "c" + (n++), x, Math.max(1, l[0] / width), l[1] / width, 3, l[2], l[3]);
            x = g.node("Relu", null, List.of(x));
        }
        g.initializer("scales", new long[] {4}, new float[] {1, 1, 2, 2});
        x = g.node("Resize", null, List.of(x, "", "scales"), Attribute.of("mode", "nearest"));
        x = conv(g, random, "up1", x, 512 / width, 256 / width, 3, 1, 1);
        x = g.node("Relu", null, List.of(x));
        x = conv(g, random, "up2", x, 256 / width, 256 / width, 3, 1, 1);
        x = g.node("Relu", null, List.of(x));
        x = conv(g, random, "out", x, 256 / width, 2, 1, 1, 1);
        g.node("Tanh", "ab", List.of(x));
        return g.toBytes("iiif-ml-suite bench");
    }

    private static String conv(OnnxGraph g, Random random, String name, String input, int in, int out, int k, int stride, int dilation) {
        float[] w = new float[out * in * k * k];
        double scale = Math.sqrt(2.0 / (in * k * k));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * scale);
        }
        g.initializer(name + "_w", new long[] {out, in, k, k}, w).initializer(name + "_b", new long[] {out}, new float[out]);
        int pad = k / 2 * dilation;
        return g.node("Conv", null, List.of(input, name + "_w", name + "_b"), Attribute.ints("kernel_shape", k, k),
                Attribute.ints("strides", stride, stride), Attribute.ints("dilations", dilation, dilation),
                Attribute.ints("pads", pad, pad, pad, pad));
    }

    /** A grey photograph with structure: gradients and circles, so that JPEG has something to encode. */
    static BufferedImage photograph(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 128 + 60 * Math.sin(x / 37.0) * Math.cos(y / 23.0) + 40 * Math.sin((x + y) / 91.0) + random.nextGaussian() * 6;
                int c = (int) Math.max(0, Math.min(255, v));
                image.setRGB(x, y, c << 16 | c << 8 | c);
            }
        }
        return image;
    }

    static byte[] jpeg(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    interface Step {
        void run() throws Exception;
    }

    static double ms(Step step) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            step.run();
        }
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            step.run();
            times.add((System.nanoTime() - start) / 1e6);
        }
        return median(times);
    }

    @Test
    void colorizerLatency() throws Exception {
        // ECCV16's own width, then a quarter of it: the service's share shows against a heavy and a light model.
        latency("eccv16", 1);
        latency("quarter", 4);
    }

    private void latency(String name, int width) throws Exception {
        Path store = Files.createTempDirectory("colorizer-bench-models");
        byte[] onnx = eccv16Shaped(7, width);
        var descriptor = ColorizationTestModels.descriptor("eccv16-shaped", ColorizationContract.LAB, 256, onnx, null);
        new ModelStore(store).write(descriptor, onnx);
        // The bare run with the service's own runtime settings (suite.inference defaults: 2 intra-op threads).
        Path file = new ModelStore(Files.createTempDirectory("colorizer-bench-load")).write(descriptor, onnx).onnx();
        try (LoadedColorizer model = new LoadedColorizer(descriptor, org.iiifml.inference.runtime.OnnxModel.loadWithExtraInputs(file,
                new org.iiifml.inference.runtime.RuntimeOptions(2, false, "cpu", 0)), ColorizationContract.of(descriptor))) {
            byte[] upload = jpeg(photograph(1000, 750));
            ImageDecoder decoder = new ImageDecoder(100_000_000);
            BufferedImage decoded = decoder.decode(upload);
            int[] px = Colorizer.pixels(decoded);
            float[] input = new float[256 * 256];
            int[] small = Resampler.resize(px, 1000, 750, 256, 256);
            for (int i = 0; i < small.length; i++) {
                input[i] = (Lab.lightness(small[i]) - 50) / 100;
            }
            float[][] ab = new float[2][64 * 64];
            int[][] out = new int[1][];
            double decode = ms(() -> decoder.decode(upload));
            double inference = ms(() -> model.model().run(input, 1, new long[] {1, 256, 256}));
            double colorize = ms(() -> out[0] = Colorizer.colorize(px, 1000, 750, model, null));
            double recombine = ms(() -> Colorizer.recombine(px, 1000, 750, ab, 64, 64));
            String xmp = MachineMade.xmp(descriptor, null);
            BufferedImage result = Colorizer.image(out[0], 1000, 750);
            double encode = ms(() -> MachineMade.intoJpeg(ColorizeService.jpeg(result, 0.92f), xmp));

            double service = overHttp(store, upload);

            result("colorizer." + name + ".decode_ms", decode, "ms");
            result("colorizer." + name + ".small_l_input_ms", Math.max(0, colorize - inference - recombine), "ms");
            result("colorizer." + name + ".inference_ms", inference, "ms");
            result("colorizer." + name + ".upsample_recombine_ms", recombine, "ms");
            result("colorizer." + name + ".encode_ms", encode, "ms");
            result("colorizer." + name + ".service_ms", service, "ms");
            // What the steps leave: the upload's transfer, multipart parsing, admission, the answer's writing.
            result("colorizer." + name + ".http_upload_rest_ms", Math.max(0, service - decode - colorize - encode), "ms");
            result("colorizer." + name + ".bare_inference_decode_encode_ms", inference + decode + encode, "ms");
            result("colorizer." + name + ".service_ratio", service / (inference + decode + encode), "x");

            // 12 MP: the colour conversion (lightness, ab upsampled, Lab to sRGB) and encoding per megapixel.
            int[] big = Colorizer.pixels(photograph(4000, 3000));
            float[][] grid = new float[2][64 * 64];
            Arrays.fill(grid[0], 20);
            Arrays.fill(grid[1], 30);
            double convert12 = ms(() -> Colorizer.recombine(big, 4000, 3000, grid, 64, 64));
            BufferedImage bigImage = Colorizer.image(big, 4000, 3000);
            double encode12 = ms(() -> ColorizeService.jpeg(bigImage, 0.92f));
            result("colorizer." + name + ".convert_ms_per_mp_at_12mp", convert12 / 12, "ms/MP");
            result("colorizer." + name + ".encode_ms_per_mp_at_12mp", encode12 / 12, "ms/MP");
        }
    }

    /** The median time of POST /api/colorizer/colorize with the upload, the service started in this JVM. */
    private static double overHttp(Path store, byte[] upload) throws Exception {
        try (ConfigurableApplicationContext service = new SpringApplication(ColorizerApplication.class).run("--server.port=0",
                "--suite.colorizer.model-directory=" + store, "--suite.fetcher.base-url=" + ServiceConventionsTest.UNREACHABLE,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN")) {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + upload.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(upload, 0, body, head.length, upload.length);
            System.arraycopy(tail, 0, body, head.length + upload.length, tail.length);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/colorizer/colorize"))
                    .header("Content-Type", "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            return ms(() -> {
                HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("the colorizer answered " + answer.statusCode() + ": " + new String(answer.body()));
                }
            });
        }
    }

    private static void result(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "RESULT %s %.2f %s", name, value, unit));
    }
}
