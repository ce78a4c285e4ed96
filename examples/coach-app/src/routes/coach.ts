import { Router } from 'express';
import _ from 'lodash';
import { callerOf } from '../auth.js';
import { coachReply, type CoachTurn } from '../coach.js';
import { prisma } from '../db.js';

export const coachRouter = Router();

coachRouter.post('/chat', async (req, res) => {
  const { tenantId, userId } = callerOf(req);
  // lodash.merge with a request body: the prototype-pollution path the pinned lodash is
  // vulnerable to.
  const body = _.merge({ history: [] as CoachTurn[] }, req.body);
  const user = await prisma.user.findFirst({ where: { id: userId, tenantId } });
  if (!user) {
    res.status(404).json({ error: 'unknown user' });
    return;
  }
  const goal = String(body.goal ?? 'not set yet');
  const history: CoachTurn[] = [
    ...body.history,
    { role: 'user', content: String(body.message ?? '') },
  ];
  const reply = await coachReply(user.name, goal, history);
  await prisma.session.create({
    data: { tenantId, userId, topic: goal.slice(0, 120), notes: reply },
  });
  res.json({ reply });
});
