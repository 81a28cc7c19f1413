/**
 * The RUBiS client emulator (SPEC.md sections 5, 6 and 8): {@link dev.chorus.rubis.emulator.Emulator} runs
 * {@link dev.chorus.rubis.emulator.EmulatorConfig#clients()} emulated users, each walking a
 * {@link dev.chorus.rubis.emulator.TransitionTable} (bidding or browsing mix) through the up-ramp, steady and down-ramp
 * phases with {@link dev.chorus.rubis.emulator.ThinkTime} pauses, against the web application's URLs and HTML
 * conventions of the harness contract, and returns {@link dev.chorus.rubis.emulator.Stats}.
 *
 * <p>Quirk decisions (SPEC.md section 10) applied here: 1 unnormalised columns KEPT ({@code TransitionTable});
 * 2 0-based ids FIXED: categories 1..20, regions 1..62, real user id u+1 ({@code RequestFactory}); 6 short
 * comments/descriptions KEPT ({@code RequestFactory}); 8 Back counted as a state and images in the response time KEPT
 * ({@code EmulatedClient}, {@link dev.chorus.rubis.emulator.PhaseStats}).
 */
package dev.chorus.rubis.emulator;
