package dev.sluice.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The signatures that fit the call whose arguments hold the cursor, as JShell writes them
 * ({@code DStream<String> StreamingContext.socketTextStream(String host, int port)}), and which
 * argument the cursor is in.
 *
 * @param argument   the index of the argument at the cursor (0 right after the opening parenthesis)
 * @param signatures the signatures, never empty
 */
public record CallSignatures(int argument, List<String> signatures) {
    public CallSignatures {
        signatures = List.copyOf(signatures);
        if (argument < 0 || signatures.isEmpty()) {
            throw new IllegalArgumentException("argument " + argument + ", signatures " + signatures);
        }
    }

    /**
     * The parameter declarations of a signature ({@code [String host, int port]}); empty for a
     * method without parameters or a text that is not a signature.
     */
    public static List<String> parameters(String signature) {
        int open = signature.indexOf('(');
        if (open < 0) {
            return List.of();
        }
        List<String> params = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = start; i < signature.length(); i++) {
            char c = signature.charAt(i);
            if (c == '(' || c == '<' || c == '[') {
                depth++;
            } else if ((c == ')' && depth == 0) || (c == ',' && depth == 0)) {
                String p = signature.substring(start, i).strip();
                if (!p.isEmpty()) {
                    params.add(p);
                }
                if (c == ')') {
                    return params;
                }
                start = i + 1;
            } else if (c == ')' || c == '>' || c == ']') {
                depth--;
            }
        }
        return List.of();
    }

    /**
     * Whether a call with this signature can have an argument at index {@code argument} (varargs
     * take any number); every signature fits right after the opening parenthesis.
     */
    static boolean fits(String signature, int argument) {
        List<String> params = parameters(signature);
        if (argument == 0 || params.size() > argument) {
            return true;
        }
        return !params.isEmpty() && params.get(params.size() - 1).contains("...");
    }

    /**
     * The parameters of a signature from the cursor's argument on, as the text to type there
     * ({@code Duration length, Duration slide}); {@code ")"} when the signature takes no more.
     */
    public static String remaining(String signature, int argument) {
        List<String> params = parameters(signature);
        if (argument >= params.size()) {
            return !params.isEmpty() && params.get(params.size() - 1).contains("...") ? params.get(params.size() - 1) : ")";
        }
        return String.join(", ", params.subList(argument, params.size()));
    }
}
