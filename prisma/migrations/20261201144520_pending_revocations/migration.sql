-- AlterTable
ALTER TABLE "GoogleConnection" ADD COLUMN     "oauthClientId" TEXT;

-- CreateTable
CREATE TABLE "PendingRevocation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "googleEmail" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PendingRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingRevocation_status_nextAttemptAt_idx" ON "PendingRevocation"("status", "nextAttemptAt");
