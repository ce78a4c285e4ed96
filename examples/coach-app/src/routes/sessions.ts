import { Router } from 'express';
import { callerOf } from '../auth.js';
import { prisma } from '../db.js';

export const sessionsRouter = Router();

sessionsRouter.get('/', async (req, res) => {
  const { tenantId, userId } = callerOf(req);
  const sessions = await prisma.session.findMany({
    where: { tenantId, userId },
    orderBy: { createdAt: 'desc' },
  });
  res.json(sessions);
});

// FLAW (sast): no tenant scoping. Any authenticated user of any tenant can read any session
// by id; the query must also filter by the caller's tenantId.
sessionsRouter.get('/:id', async (req, res) => {
  const session = await prisma.session.findUnique({ where: { id: req.params.id } });
  if (!session) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json(session);
});
