package org.mnistlab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-line text form of an {@link Architecture}, stored next to the weights in a saved model, e.g.
 * {@code gap 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) gap}. Readable in a zip viewer and independent of
 * Java serialisation.
 *
 * <p>The layers: {@code conv(OUT,K,PAD,bias|nobias)}, {@code dwconv(K,PAD,bias|nobias[,DILATION])} (depthwise),
 * {@code bn} or {@code bn(MOMENTUM)}, {@code relu}, {@code dropout(RATE)}, {@code pool(SIZE)}, {@code gap},
 * {@code flatten}, {@code dense(OUT,bias|nobias)}.
 */
final class ArchitectureCodec {

    private ArchitectureCodec() {
    }

    static String encode(Architecture a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.name()).append(' ').append(a.inChannels()).append('x').append(a.height()).append('x')
                .append(a.width()).append(' ').append(a.classes()).append(" :");
        for (LayerSpec layer : a.layers()) {
            sb.append(' ');
            if (layer instanceof LayerSpec.Conv c) {
                sb.append("conv(").append(c.outChannels()).append(',').append(c.kernel()).append(',')
                        .append(c.padding()).append(',').append(c.bias() ? "bias" : "nobias").append(')');
            } else if (layer instanceof LayerSpec.DepthwiseConv d) {
                sb.append("dwconv(").append(d.kernel()).append(',').append(d.padding()).append(',')
                        .append(d.bias() ? "bias" : "nobias");
                if (d.dilation() != 1) sb.append(',').append(d.dilation());
                sb.append(')');
            } else if (layer instanceof LayerSpec.BatchNorm bn) {
                sb.append("bn");
                if (bn.momentum() != LayerSpec.BatchNorm.DEFAULT_MOMENTUM) sb.append('(').append(bn.momentum()).append(')');
            } else if (layer instanceof LayerSpec.Relu) {
                sb.append("relu");
            } else if (layer instanceof LayerSpec.Dropout d) {
                sb.append("dropout(").append(d.rate()).append(')');
            } else if (layer instanceof LayerSpec.MaxPool p) {
                sb.append("pool(").append(p.size()).append(')');
            } else if (layer instanceof LayerSpec.GlobalAvgPool) {
                sb.append("gap");
            } else if (layer instanceof LayerSpec.Flatten) {
                sb.append("flatten");
            } else if (layer instanceof LayerSpec.Dense d) {
                sb.append("dense(").append(d.outputs()).append(',').append(d.bias() ? "bias" : "nobias").append(')');
            }
        }
        return sb.toString();
    }

    static Architecture decode(String text) {
        String[] halves = text.trim().split(" : ", 2);
        if (halves.length != 2) throw new IllegalArgumentException("expected 'name CxHxW classes : layers'");
        String[] head = halves[0].split(" ");
        if (head.length != 3) throw new IllegalArgumentException("expected 'name CxHxW classes' in " + halves[0]);
        String[] dims = head[1].split("x");
        List<LayerSpec> layers = new ArrayList<>();
        for (String token : halves[1].trim().split("\\s+")) {
            String kind = token.contains("(") ? token.substring(0, token.indexOf('(')) : token;
            if (token.contains("(") && !token.endsWith(")")) {
                throw new IllegalArgumentException("'" + token + "' has no closing parenthesis");
            }
            String[] args = token.contains("(")
                    ? token.substring(token.indexOf('(') + 1, token.length() - 1).split(",") : new String[0];
            int expected = switch (kind) {
                case "conv" -> 4;
                case "dwconv" -> args.length == 4 ? 4 : 3;
                case "dense" -> 2;
                case "dropout", "pool" -> 1;
                case "bn" -> args.length <= 1 ? args.length : -1;
                default -> 0;
            };
            if (args.length != expected) {
                throw new IllegalArgumentException("'" + token + "': expected " + (kind.equals("dwconv")
                        ? "3 or 4" : Integer.toString(expected)) + " arguments");
            }
            String[] flags = switch (kind) {
                case "conv" -> new String[]{args[3]};
                case "dwconv" -> new String[]{args[2]};
                case "dense" -> new String[]{args[1]};
                default -> new String[0];
            };
            for (String flag : flags) {
                if (!flag.equals("bias") && !flag.equals("nobias")) {
                    throw new IllegalArgumentException("'" + token + "': expected bias or nobias, got '" + flag + "'");
                }
            }
            layers.add(switch (kind) {
                case "conv" -> new LayerSpec.Conv(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]), "bias".equals(args[3]));
                case "dwconv" -> new LayerSpec.DepthwiseConv(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                        "bias".equals(args[2]), args.length == 4 ? Integer.parseInt(args[3]) : 1);
                case "bn" -> args.length == 0 ? new LayerSpec.BatchNorm()
                        : new LayerSpec.BatchNorm(Double.parseDouble(args[0]));
                case "relu" -> new LayerSpec.Relu();
                case "dropout" -> new LayerSpec.Dropout(Double.parseDouble(args[0]));
                case "pool" -> new LayerSpec.MaxPool(Integer.parseInt(args[0]));
                case "gap" -> new LayerSpec.GlobalAvgPool();
                case "flatten" -> new LayerSpec.Flatten();
                case "dense" -> new LayerSpec.Dense(Integer.parseInt(args[0]), "bias".equals(args[1]));
                default -> throw new IllegalArgumentException("unknown layer '" + token + "'");
            });
        }
        return new Architecture(head[0], Integer.parseInt(dims[0]), Integer.parseInt(dims[1]),
                Integer.parseInt(dims[2]), Integer.parseInt(head[2]), layers);
    }
}
