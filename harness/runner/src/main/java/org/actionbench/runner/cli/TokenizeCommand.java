package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.actionbench.engine.tokenizer.ClipTokenizer;

final class TokenizeCommand implements Command {

    @Override
    public String name() {
        return "tokenize";
    }

    @Override
    public String synopsis() {
        return "TOKENIZER TEXT";
    }

    @Override
    public String summary() {
        return "the token ids of TEXT, space-separated, on one line";
    }

    @Override
    public String help() {
        return """
                Prints the CLIP token ids of TEXT as the text encoder receives them: start token, tokens,
                end token, padding to the tokenizer's maximum length, all on one line.

                TOKENIZER is a diffusers snapshot directory, its tokenizer/ directory (vocab.json and
                merges.txt), or OpenAI's bpe_simple_vocab_16e6.txt.gz. A TEXT that starts with "--" goes after
                a "--" argument, which ends the options.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        List<String> a = new ArgumentParser().parse(args).positionals(2, "TOKENIZER and TEXT");
        out.println(ClipTokenizer.tokenizeToLine(Path.of(a.get(0)), a.get(1)));
        return 0;
    }
}
