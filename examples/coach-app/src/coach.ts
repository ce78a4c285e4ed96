import Anthropic from '@anthropic-ai/sdk';

// FLAW (secrets): an Anthropic API key committed in source. Synthetic (it contains
// CoachAppPlantedKey and was never issued), but format-valid so that the scanner must find it.
const anthropic = new Anthropic({
  apiKey:
    process.env.ANTHROPIC_API_KEY ??
    'sk-ant-api03-CoachAppPlantedKeyP9ImOu7r1KyDmsSTBX0AqLZg4ijv3b0S4FhUjvLuFhUqWh1IUGqeXhX1t3i9Tj9YCD0UoKeWeb8AA',
});

const MODEL = process.env.COACH_MODEL ?? 'claude-sonnet-4-5';

/** One turn of a coaching conversation. */
export interface CoachTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * Asks the model for the next coaching reply.
 *
 * FLAW (sast): the system prompt is built by concatenating user-controlled text (the goal and
 * the display name), so a user can rewrite the coach's instructions (prompt injection). User
 * text belongs in user messages, never in the system prompt.
 */
export async function coachReply(
  displayName: string,
  goal: string,
  history: CoachTurn[],
): Promise<string> {
  const system =
    'You are a supportive professional coach. Keep answers under 150 words. ' +
    `The client is ${displayName}. Their current goal is: ${goal}. ` +
    'Never discuss other clients.';
  const message = await anthropic.messages.create({
    model: MODEL,
    max_tokens: 400,
    system,
    messages: history.map((t) => ({ role: t.role, content: t.content })),
  });
  return message.content
    .map((block) => (block.type === 'text' ? block.text : ''))
    .join('')
    .trim();
}
