-- CreateTable
CREATE TABLE "BulkJob" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "channel" TEXT,
    "ts" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkItem" (
    "jobId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "calendarId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "eventId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkItem_pkey" PRIMARY KEY ("jobId","clientId")
);

-- CreateIndex
CREATE INDEX "BulkJob_teamId_userId_idx" ON "BulkJob"("teamId", "userId");

-- AddForeignKey
ALTER TABLE "BulkItem" ADD CONSTRAINT "BulkItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
