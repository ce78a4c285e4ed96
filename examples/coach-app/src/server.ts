import cors from 'cors';
import express from 'express';
import { requireAuth } from './auth.js';
import { coachRouter } from './routes/coach.js';
import { goalsRouter } from './routes/goals.js';
import { sessionsRouter } from './routes/sessions.js';

export const app = express();

// FLAW (dast): reflects any Origin and allows credentials, so any site can call the API
// with the user's cookies.
app.use(cors({ origin: true, credentials: true }));
app.use(express.json({ limit: '1mb' }));

app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

app.use('/api', requireAuth);
app.use('/api/sessions', sessionsRouter);
app.use('/api/goals', goalsRouter);
app.use('/api/coach', coachRouter);

const port = Number(process.env.PORT ?? 3000);
if (process.env.NODE_ENV !== 'test') {
  app.listen(port, () => {
    console.log(`coach-app listening on http://localhost:${port}`);
  });
}
