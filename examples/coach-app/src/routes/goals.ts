import { Router } from 'express';
import { callerOf } from '../auth.js';
import { prisma } from '../db.js';

export const goalsRouter = Router();

// Scoped correctly: every query filters by the caller's tenant.
goalsRouter.get('/', async (req, res) => {
  const { tenantId, userId } = callerOf(req);
  const goals = await prisma.goal.findMany({ where: { tenantId, userId } });
  res.json(goals);
});

goalsRouter.post('/', async (req, res) => {
  const { tenantId, userId } = callerOf(req);
  const title = String(req.body?.title ?? '').slice(0, 200);
  const goal = await prisma.goal.create({ data: { tenantId, userId, title } });
  res.status(201).json(goal);
});
