package org.actionbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.actionbench.engine.nn.Parameter;
import org.actionbench.engine.pipeline.ModelInspector;

final class ModelCommand implements Command {

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String synopsis() {
        return "inspect SNAPSHOT [--keys]";
    }

    @Override
    public String summary() {
        return "component sizes of a diffusers snapshot, from its config.json files";
    }

    @Override
    public String help() {
        return """
                Builds each component a diffusers snapshot has (text_encoder, unet, vae, controlnet) from
                its config.json alone — no weights are read or needed — and prints one line per component:
                "<component> <parameter count>". With --keys, each component line is followed by one line
                per parameter: "<key> <shape>", keys exactly as in the component's safetensors file.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        ArgumentParser.Parsed a = new ArgumentParser().flag("--keys").parse(args);
        boolean keys = a.flag("--keys");
        List<String> rest = a.positionals();
        if (rest.size() != 2 || !rest.get(0).equals("inspect")) {
            throw new UsageException("expected 'inspect SNAPSHOT'");
        }
        for (ModelInspector.Component c : ModelInspector.inspect(Path.of(rest.get(1)))) {
            out.println(c.name() + " " + c.parameterCount());
            if (keys) {
                for (Map.Entry<String, Parameter> e : c.module().namedParameters().entrySet()) {
                    long[] shape = e.getValue().shape().getShape();
                    StringBuilder s = new StringBuilder("[");
                    for (int i = 0; i < shape.length; i++) {
                        s.append(i == 0 ? "" : ",").append(shape[i]);
                    }
                    out.println(e.getKey() + " " + s.append(']'));
                }
            }
        }
        return 0;
    }
}
