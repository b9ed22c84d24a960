package org.actionbench.baselines.common;

import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * A method whose artifact is placeholder rows ({@link TokenTraining}): it prompts "&lt;subject&gt;
 * &lt;placeholder&gt;" and samples with the learned rows, shared or per layer.
 */
public abstract class TokenMethod implements Method {

    @Override
    public String prompt(String subject, ActionExamples action, Artifact artifact) {
        return PlaceholderTokens.subjectWith(subject, TokenTraining.token(artifact));
    }

    @Override
    public SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model) {
        return TokenTraining.sampling(artifact, model);
    }
}
