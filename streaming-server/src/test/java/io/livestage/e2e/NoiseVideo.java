package io.livestage.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A Y4M file of grey with faint random noise for {@link HeadlessChromium#start(Path)}'s camera.
 * Chromium's own test pattern compresses so well that a 1280×720 publisher sends only about 700 kbit/s
 * whatever it may; noise cannot be predicted from frame to frame, so the encoder spends all the bitrate
 * it is allowed and what a shaped link holds back is plain to see. Faint, because full-range noise costs
 * more than any bitrate even at the coarsest quantizer: Chrome then drops to a frame or two a second of
 * huge frames; at ±{@value #AMPLITUDE} the quantizer finds a level that fits the rate at the full frame rate.
 * Deleted on {@link #close()}.
 */
public final class NoiseVideo implements AutoCloseable {
    /** Chromium plays the file in a loop; every frame unlike the one before is all that matters. */
    private static final int FRAMES = 10;
    /** Luma varies this much either side of mid-grey; chroma stays neutral (grey). */
    private static final int AMPLITUDE = 20;

    private final Path file;
    private final int width;
    private final int height;

    private NoiseVideo(Path file, int width, int height) {
        this.file = file;
        this.width = width;
        this.height = height;
    }

    /** Writes {@value #FRAMES} frames of 4:2:0 noise at this size, played at this rate. */
    public static NoiseVideo create(int width, int height, int fps) throws IOException {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("4:2:0 needs an even size, not " + width + "×" + height);
        }
        Path file = Files.createTempFile("livestage-noise-", ".y4m");
        Random random = new Random(width * 31L + height); // the same picture every run
        int luma = width * height;
        byte[] frame = new byte[luma * 3 / 2];
        Arrays.fill(frame, luma, frame.length, (byte) 128);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("YUV4MPEG2 W" + width + " H" + height + " F" + fps + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < FRAMES; i++) {
                for (int pixel = 0; pixel < luma; pixel++) {
                    frame[pixel] = (byte) (128 - AMPLITUDE + random.nextInt(2 * AMPLITUDE + 1));
                }
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new NoiseVideo(file, width, height);
    }

    public Path file() {
        return file;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }
}
