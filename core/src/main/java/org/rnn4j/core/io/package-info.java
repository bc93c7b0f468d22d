/**
 * Checkpoints in the safetensors format (PyTorch / Hugging Face): {@link org.rnn4j.core.io.Safetensors}
 * writes float32 tensors atomically and opens files memory-mapped with a fully validated header;
 * {@link org.rnn4j.core.io.SafetensorsFile} reads tensors zero-copy or converted to float32 and
 * loads them into a model's parameters by their PyTorch state_dict names. See docs/checkpoints.md.
 */
package org.rnn4j.core.io;
