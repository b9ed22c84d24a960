package org.actionbench.baselines.common;

import org.actionbench.engine.method.ActionExamples;
import org.actionbench.engine.method.Artifact;
import org.actionbench.engine.method.Method;
import org.actionbench.engine.method.SamplingSetup;
import org.actionbench.engine.pipeline.StableDiffusion;

/**
 * A method whose artifact is placeholder rows ({@link TokenTraining}): it prompts "&lt;subject&gt;
 * &lt;placeholder&gt;" and samples with the learned rows, shared or per layer.
 *
 * @param <S> the method's settings record
 */
public abstract class TokenMethod<S extends Record> implements Method<S> {

    @Override
    public String prompt(String subject, ActionExamples action, Artifact artifact) {
        return PlaceholderTokens.subjectWith(subject, TokenTraining.token(artifact));
    }

    @Override
    public SamplingSetup sampling(Artifact artifact, ActionExamples action, StableDiffusion model) {
        return TokenTraining.sampling(artifact, model);
    }
}
